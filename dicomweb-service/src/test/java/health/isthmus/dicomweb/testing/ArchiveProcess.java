package health.isthmus.dicomweb.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import health.isthmus.testsupport.kafka.TestKafka;
import health.isthmus.testsupport.postgres.TestPostgres;
import health.isthmus.testsupport.process.ChildJvm;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * dicomweb-service as it ships ({@code java -jar} of the module's jar) on a fresh schema of the test PostgreSQL, the
 * test JVM's Kafka broker and a blob store of its own; it can be killed and restarted on the same ports and storage.
 * Logs go to {@code target/reliability/<test>-<time>/}.
 */
public final class ArchiveProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final Path directory;
    private final String schema;
    private final int dicomPort = LoopbackPorts.free();
    private final int httpPort = LoopbackPorts.free();
    private @Nullable ChildJvm service;
    private int starts;

    private ArchiveProcess(Path directory, String schema) {
        this.directory = directory;
        this.schema = schema;
    }

    public static ArchiveProcess start(Class<?> testClass) throws IOException {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            logback.getLogger("org.apache.kafka").setLevel(Level.WARN);
        }
        Path directory = Path.of("target", "reliability", testClass.getSimpleName() + "-" + System.currentTimeMillis())
                .toAbsolutePath();
        ArchiveProcess archive = new ArchiveProcess(directory, TestPostgres.freshSchema(testClass));
        archive.restart();
        return archive;
    }

    /** Starts the service (again) and waits until its DICOM port accepts associations. */
    public void restart() throws IOException {
        List<String> arguments = new ArrayList<>(JVM_OPTIONS);
        arguments.addAll(List.of("-jar", serviceJar().toString()));
        TestIssuer issuer = TestIssuer.get();
        Stream.of(
                        "server.port=" + httpPort,
                        "isthmus.dicomweb.dicom.port=" + dicomPort,
                        "isthmus.dicomweb.dicom.bind-address=127.0.0.1",
                        "isthmus.dicomweb.storage.root=" + storageRoot(),
                        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres",
                        "isthmus.db.schema=" + schema,
                        "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuer(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri())
                .map(argument -> "--" + argument)
                .forEach(arguments::add);
        starts++;
        ChildJvm started = ChildJvm.start(
                "dicomweb-service#" + starts,
                arguments,
                Map.of(
                        "ISTHMUS_PARENT_PID",
                        Long.toString(ProcessHandle.current().pid())),
                directory.resolve("service"),
                directory.resolve("service").resolve("dicomweb-service-" + starts + ".log"));
        service = started;
        started.awaitPort(dicomPort, START_TIMEOUT);
    }

    /** SIGKILL: no shutdown hook, no graceful end of associations or transactions. */
    public void kill() {
        if (service != null) {
            service.kill();
            service.awaitExit(Duration.ofSeconds(30));
        }
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String schema() {
        return schema;
    }

    public Path storageRoot() {
        return directory.resolve("storage");
    }

    private static Path serviceJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("dicomweb-service-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/dicomweb-service-*.jar: run the tests through Failsafe (mvn verify)"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
