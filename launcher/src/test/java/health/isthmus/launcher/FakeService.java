package health.isthmus.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Stands in for a Spring Boot service in launcher tests: run with {@code java -jar}, its jar's manifest says which
 * variable holds its port and how it behaves ({@code healthy} or {@code crash}).
 */
public final class FakeService {

    static final String PORT_VARIABLE = "Fake-Port-Variable";
    static final String BEHAVIOUR = "Fake-Behaviour";

    private FakeService() {}

    public static void main(String[] args) throws Exception {
        Attributes manifest;
        try (JarFile jar = new JarFile(System.getProperty("java.class.path"))) {
            manifest = jar.getManifest().getMainAttributes();
        }
        if ("crash".equals(manifest.getValue(BEHAVIOUR))) {
            System.out.println("boom: cannot start");
            System.exit(3);
        }
        require(List.of(args).contains("--spring.profiles.active=standalone"), "the standalone profile");
        String dataDirectory = System.getenv("ISTHMUS_DATA_DIR");
        require(dataDirectory != null && Path.of(dataDirectory).isAbsolute(), "an absolute ISTHMUS_DATA_DIR");
        require(
                String.valueOf(ProcessHandle.current()
                                .parent()
                                .map(ProcessHandle::pid)
                                .orElse(-1L))
                        .equals(System.getenv("ISTHMUS_PARENT_PID")),
                "ISTHMUS_PARENT_PID naming the launcher");
        int port = Integer.parseInt(System.getenv(manifest.getValue(PORT_VARIABLE)));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service up on port " + port);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            System.out.println("fake service: the launcher did not pass " + what);
            System.exit(4);
        }
    }
}
