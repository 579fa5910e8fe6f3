package health.isthmus.hl7ingest.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import health.isthmus.testsupport.postgres.TestPostgres;
import health.isthmus.testsupport.process.ChildJvm;
import health.isthmus.testsupport.process.KafkaBrokerProcess;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * hl7-ingest-service as it ships ({@code java -jar} of the module's jar) with a Kafka broker in a JVM of its own and
 * a fresh schema on the test PostgreSQL; the service can be killed and restarted on the same ports, the broker
 * paused. Logs of both go to {@code target/reliability/<test>-<time>/}.
 */
final class IngestStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> SERVICE_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final Path directory;
    private final KafkaBrokerProcess broker;
    private final String schema;
    private final int mllpPort = LoopbackPorts.free();
    private final int httpPort = LoopbackPorts.free();
    /** The message store's encryption key, the same across restarts so earlier rows stay readable. */
    private final String storeKey = randomKey();

    private @Nullable ChildJvm service;
    private int starts;

    private IngestStack(Path directory, KafkaBrokerProcess broker, String schema) {
        this.directory = directory;
        this.broker = broker;
        this.schema = schema;
    }

    /**
     * Starts the broker and the service side by side (the service retries Kafka until the broker is up) and returns
     * once the service listens for MLLP and the broker serves clients.
     */
    static IngestStack start(Class<?> testClass) throws IOException {
        quietKafkaClientLogs();
        Path directory = Path.of("target", "reliability", testClass.getSimpleName() + "-" + System.currentTimeMillis())
                .toAbsolutePath();
        KafkaBrokerProcess broker = KafkaBrokerProcess.launch(directory.resolve("kafka"), START_TIMEOUT);
        IngestStack stack = new IngestStack(directory, broker, TestPostgres.freshSchema(testClass));
        try {
            stack.startService();
            broker.awaitReady(START_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Starts the service and waits for its MLLP port; returns how long that took. */
    Duration startService() throws IOException {
        Instant begin = Instant.now();
        List<String> arguments = new ArrayList<>(SERVICE_JVM_OPTIONS);
        arguments.addAll(List.of("-jar", serviceJar().toString()));
        arguments.addAll(serviceArguments());
        starts++;
        ChildJvm started = ChildJvm.start(
                "hl7-ingest-service#" + starts,
                arguments,
                Map.of(
                        "ISTHMUS_PARENT_PID",
                        Long.toString(ProcessHandle.current().pid()),
                        "ISTHMUS_HL7_STORE_KEY",
                        storeKey),
                directory.resolve("service"),
                directory.resolve("service").resolve("hl7-ingest-service.log"));
        service = started;
        started.awaitPort(mllpPort, START_TIMEOUT);
        return Duration.between(begin, Instant.now());
    }

    /** SIGKILL: no shutdown hook, no graceful close of connections or transactions. */
    void killService() {
        if (service != null) {
            service.kill();
        }
    }

    int mllpPort() {
        return mllpPort;
    }

    KafkaBrokerProcess broker() {
        return broker;
    }

    StoredMessages store() {
        return new StoredMessages(TestPostgres.dataSource(), schema);
    }

    DeliveredEvents events() {
        return new DeliveredEvents(broker.bootstrapServers());
    }

    private List<String> serviceArguments() {
        TestIssuer issuer = TestIssuer.get();
        return Stream.of(
                        "server.port=" + httpPort,
                        "isthmus.hl7-ingest.mllp.port=" + mllpPort,
                        "isthmus.hl7-ingest.mllp.bind-address=127.0.0.1",
                        "isthmus.hl7-ingest.senders.sites[0].name=GENHOSP",
                        "isthmus.hl7-ingest.senders.sites[0].facility=GENHOSP",
                        "isthmus.hl7-ingest.senders.sites[0].charset=UTF-8",
                        "isthmus.hl7-ingest.senders.sites[0].default-assigning-authority=GENHOSP",
                        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres",
                        "isthmus.db.schema=" + schema,
                        "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuer(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri())
                .map(argument -> "--" + argument)
                .toList();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The repackaged jar the module's build made before Failsafe runs. */
    private static Path serviceJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("hl7-ingest-service-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/hl7-ingest-service-*.jar: run the tests through Failsafe (mvn verify)"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Without a Spring context the test JVM logs at DEBUG; Kafka's client chatter would drown the figures. */
    private static void quietKafkaClientLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            logback.getLogger("org.apache.kafka").setLevel(Level.WARN);
        }
    }

    /** Stops the service, then the broker; kills whichever does not stop in time. */
    @Override
    public void close() {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            broker.close();
        }
    }
}
