package health.isthmus.testsupport.process;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A one-node Kafka broker (KRaft, broker and controller in one process) in a JVM of its own, so that a test can
 * pause it with {@code SIGSTOP} or kill it while services keep running. It runs from the test's class path
 * ({@code kafka_2.13} comes with spring-kafka-test), logs warnings only, and auto-creates topics with three
 * partitions.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final String LOGBACK = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private final ChildJvm process;
    private final int port;

    private KafkaBrokerProcess(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Formats a fresh log directory under {@code directory}, starts the broker and waits until its client port
     * accepts connections (Kafka opens it once the broker serves clients).
     */
    public static KafkaBrokerProcess start(Path directory, Duration timeout) throws IOException {
        KafkaBrokerProcess broker = launch(directory, timeout);
        broker.awaitReady(timeout);
        return broker;
    }

    /**
     * Formats a fresh log directory under {@code directory} and starts the broker without waiting for it, so that a
     * test can start its services meanwhile; {@link #bootstrapServers()} is known at once.
     */
    public static KafkaBrokerProcess launch(Path directory, Duration formatTimeout) throws IOException {
        Path home = directory.toAbsolutePath();
        Files.createDirectories(home);
        int port = LoopbackPorts.free();
        Path config = home.resolve("server.properties");
        writeConfig(config, port, LoopbackPorts.free(), home.resolve("data"));
        Path logback = home.resolve("logback.xml");
        Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
        Path log = home.resolve("kafka.log");

        List<String> format = javaArguments(
                logback,
                List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString()));
        format.addAll(List.of("--config", config.toString()));
        ChildJvm formatting = ChildJvm.start("kafka-storage-format", format, Map.of(), home, log);
        if (!formatting.awaitExit(formatTimeout) || formatting.exitCode() != 0) {
            formatting.kill();
            throw new IllegalStateException(
                    "formatting the Kafka storage failed; log:%n%s".formatted(formatting.logTail(30)));
        }

        List<String> serve = javaArguments(
                logback,
                List.of(
                        OrphanGuard.class.getName(),
                        Long.toString(ProcessHandle.current().pid()),
                        "kafka.Kafka",
                        config.toString()));
        return new KafkaBrokerProcess(ChildJvm.start("kafka", serve, Map.of(), home, log), port);
    }

    /**
     * Waits until the client port accepts connections (Kafka opens it once the broker serves clients); kills the
     * broker when it does not get there in time.
     */
    public void awaitReady(Duration timeout) {
        try {
            process.awaitPort(port, timeout);
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
    }

    private static List<String> javaArguments(Path logback, List<String> mainAndArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "-Xms64m",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logback));
        if (Runtime.version().feature() >= 24) {
            // Kafka unmaps index files through sun.misc.Unsafe; JDK 24+ would warn at every start
            arguments.add("--sun-misc-unsafe-memory-access=allow");
        }
        arguments.add("-cp");
        arguments.add(ChildJvm.testClassPath());
        arguments.addAll(mainAndArguments);
        return arguments;
    }

    private static void writeConfig(Path file, int port, int controllerPort, Path data) throws IOException {
        Properties settings = new Properties();
        settings.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d".formatted(port, controllerPort)),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", data.toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            settings.store(out, "one-node KRaft broker of a reliability test");
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's JVM, to kill, pause or resume it. */
    public ChildJvm process() {
        return process;
    }

    /** Stops the broker (resuming it first if it is paused); kills it if it takes longer than 15 s. */
    @Override
    public void close() {
        process.close();
    }
}
