package health.isthmus.launcher.kafka;

import health.isthmus.launcher.process.ChildProcess;
import health.isthmus.launcher.process.JavaCommand;
import health.isthmus.launcher.process.ParentWatchingMain;
import health.isthmus.launcher.process.Ports;
import health.isthmus.launcher.process.ProcessExits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker ({@code kafka.Kafka}) in a JVM of its own, run through
 * {@link ParentWatchingMain} so that it ends when the launcher is killed.
 *
 * <p>The storage is formatted once, with a random cluster id, when the log directory has no
 * {@code meta.properties}; later starts reuse the data.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String NAME = "kafka";
    static final List<String> JVM_OPTIONS = jvmOptions(Runtime.version().feature());

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ChildProcess process;
    private final int port;

    static List<String> jvmOptions(int javaFeatureVersion) {
        List<String> options = new ArrayList<>(List.of(
                "-Xms128m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=isthmus/launcher/kafka-logback.xml",
                "-Djava.awt.headless=true"));
        if (javaFeatureVersion >= 24) {
            // Kafka 4.1 unmaps its index files through sun.misc.Unsafe, which JDK 24+ warns about at every start
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(options);
    }

    private KafkaBroker(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Writes {@code server.properties} under {@code directory}, formats the storage if needed, starts the broker
     * and waits until it answers a client.
     *
     * @param shouldGiveUp polled while waiting; true ends the wait with an exception (for example on Ctrl-C)
     */
    public static KafkaBroker start(
            Path directory,
            int port,
            int controllerPort,
            JavaCommand java,
            Path logFile,
            Instant deadline,
            BooleanSupplier shouldGiveUp)
            throws IOException, InterruptedException {
        Path logDirectory = directory.toAbsolutePath().resolve("logs");
        Files.createDirectories(logDirectory);
        Path properties = directory.toAbsolutePath().resolve("server.properties");
        Files.writeString(
                properties,
                new KafkaServerProperties(port, controllerPort, logDirectory).render(),
                StandardCharsets.UTF_8);
        stopLeftovers(directory);
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            format(properties, java, logFile);
        }
        ChildProcess process = ChildProcess.start(
                NAME,
                java.mainClass(
                        JVM_OPTIONS,
                        ParentWatchingMain.class.getName(),
                        List.of(String.valueOf(ProcessHandle.current().pid()), "kafka.Kafka", properties.toString())),
                Map.of(),
                logFile);
        KafkaBroker broker = new KafkaBroker(process, port);
        try {
            broker.awaitReady(deadline, shouldGiveUp);
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * Stops a broker of an earlier run on the same data in {@code directory} that is still running: its launcher
     * was killed and it has not noticed (yet). The caller holds the data directory's lock, so no live launcher
     * owns such a broker.
     */
    public static void stopLeftovers(Path directory) {
        String path = directory.toAbsolutePath().resolve("server.properties").toString();
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info()
                        .arguments()
                        .map(List::of)
                        .filter(arguments -> arguments.contains("kafka.Kafka") && arguments.contains(path))
                        .isPresent())
                .toList();
        for (ProcessHandle orphan : orphans) {
            log.warn("Kafka (pid {}) of an earlier run still uses {}; stopping it", orphan.pid(), path);
            orphan.destroy();
            if (!ProcessExits.awaitExit(orphan, STOP_GRACE)) {
                orphan.destroyForcibly();
                ProcessExits.awaitExit(orphan, Duration.ofSeconds(10));
            }
        }
    }

    /** {@code kafka.tools.StorageTool format --cluster-id <random> --config <server.properties>}. */
    static void format(Path properties, JavaCommand java, Path logFile) throws IOException, InterruptedException {
        String clusterId = Uuid.randomUuid().toString();
        ChildProcess format = ChildProcess.start(
                "kafka storage format",
                java.mainClass(
                        JVM_OPTIONS,
                        "kafka.tools.StorageTool",
                        List.of("format", "--cluster-id", clusterId, "--config", properties.toString())),
                Map.of(),
                logFile);
        if (!format.waitFor(FORMAT_TIMEOUT)) {
            format.stop(Duration.ZERO);
            throw new IOException("formatting the Kafka storage took longer than " + FORMAT_TIMEOUT.toSeconds() + " s");
        }
        if (format.exitCode() != 0) {
            throw new IOException(
                    "formatting the Kafka storage failed (" + ChildProcess.describeExit(format.exitCode()) + ")");
        }
        log.info("formatted the Kafka storage (cluster id {})", clusterId);
    }

    /**
     * Kafka 4.1 opens its client listener only after the broker has caught up with the metadata log and been
     * unfenced, so a connection on that port means the broker serves clients.
     */
    private void awaitReady(Instant deadline, BooleanSupplier shouldGiveUp) throws IOException, InterruptedException {
        while (!Ports.accepts(port)) {
            checkWaiting(deadline, shouldGiveUp);
            Thread.sleep(POLL.toMillis());
        }
    }

    private void checkWaiting(Instant deadline, BooleanSupplier shouldGiveUp) throws IOException {
        if (!process.isAlive()) {
            throw new IOException(
                    "Kafka ended during start-up (" + ChildProcess.describeExit(process.exitCode()) + ")");
        }
        if (shouldGiveUp.getAsBoolean()) {
            throw new IOException("start-up cancelled");
        }
        if (Instant.now().isAfter(deadline)) {
            throw new IOException("Kafka was not ready in time");
        }
    }

    public int port() {
        return port;
    }

    /** {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Stops the broker (SIGTERM, its controlled shutdown), killing it if it takes longer than 30 s. */
    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
