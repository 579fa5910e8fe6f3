package health.isthmus.launcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private final HealthProbe probe = new HealthProbe();
    private HttpServer server;

    private int serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        probe.close();
    }

    @Test
    void upWhenActuatorSaysUp() throws IOException {
        int port = serve(200, "{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");

        assertThat(probe.isUp(port).join()).isTrue();
    }

    @Test
    void notUpWhenActuatorSaysDown() throws IOException {
        int port = serve(503, "{\"status\":\"DOWN\"}");

        assertThat(probe.isUp(port).join()).isFalse();
    }

    @Test
    void notUpWhenSomethingElseAnswers() throws IOException {
        int port = serve(200, "<html>hello</html>");

        assertThat(probe.isUp(port).join()).isFalse();
    }

    @Test
    void notUpWhenNothingListens() {
        assertThat(probe.isUp(LoopbackPorts.free()).join()).isFalse();
    }

    @Test
    void readsTheStatusWhateverTheSpacing() {
        assertThat(HealthProbe.isUpBody("{ \"status\" : \"UP\" }")).isTrue();
        assertThat(HealthProbe.isUpBody("{\"status\":\"OUT_OF_SERVICE\"}")).isFalse();
    }
}
