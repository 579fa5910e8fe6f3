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
    /** For tests: C1 only, for a quick start. */
    private static final List<String> TEST_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    /**
     * For benchmarks: both compilers, as the launcher runs the services on a protocol path (C1 alone has none of
     * the JDK's intrinsics, SHA-256 among them, and ran the archive's ingest at a fraction of its speed).
     */
    private static final List<String> BENCHMARK_JVM_OPTIONS = List.of("-Xms128m", "-Xmx384m", "-XX:+UseSerialGC");

    private final Path directory;
    private final String schema;
    private final int dicomPort = LoopbackPorts.free();
    private final int httpPort = LoopbackPorts.free();
    private @Nullable ChildJvm service;
    private int starts;

    private final List<String> jvmOptions;

    private ArchiveProcess(Path directory, String schema, List<String> jvmOptions) {
        this.directory = directory;
        this.schema = schema;
        this.jvmOptions = jvmOptions;
    }

    /** Starts the service quickly, for tests. */
    public static ArchiveProcess start(Class<?> testClass) throws IOException {
        return start(testClass, TEST_JVM_OPTIONS);
    }

    /** Starts the service with the JVM options it runs with in production, for benchmarks. */
    public static ArchiveProcess startForBenchmark(Class<?> testClass) throws IOException {
        return start(testClass, BENCHMARK_JVM_OPTIONS);
    }

    private static ArchiveProcess start(Class<?> testClass, List<String> jvmOptions) throws IOException {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            logback.getLogger("org.apache.kafka").setLevel(Level.WARN);
        }
        Path directory = Path.of("target", "reliability", testClass.getSimpleName() + "-" + System.currentTimeMillis())
                .toAbsolutePath();
        ArchiveProcess archive = new ArchiveProcess(directory, TestPostgres.freshSchema(testClass), jvmOptions);
        archive.restart();
        return archive;
    }

    /** Starts the service (again) and waits until its DICOM port accepts associations. */
    public void restart() throws IOException {
        List<String> arguments = new ArrayList<>(jvmOptions);
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
