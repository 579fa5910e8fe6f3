package health.isthmus.launcher;

import health.isthmus.launcher.database.EmbeddedDatabase;
import health.isthmus.launcher.kafka.KafkaBroker;
import health.isthmus.launcher.process.ChildProcess;
import health.isthmus.launcher.process.LogTail;
import health.isthmus.launcher.process.Ports;
import health.isthmus.launcher.service.HealthProbe;
import health.isthmus.launcher.service.ServiceDefinition;
import health.isthmus.launcher.service.ServiceJars;
import health.isthmus.launcher.service.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the stack in order (PostgreSQL, Kafka, then the services wave by wave), watches it, and stops it in the
 * reverse order.
 *
 * <p>Supervision policy: a child that ends during start-up fails the start. A child that ends after {@code READY}
 * is reported on stderr ({@code service <name> died (exit code N); see <log>}) and the others keep running, so that
 * the rest of the platform stays usable and the dead service's log can be read; the launcher does not restart it.
 */
public final class StackSupervisor {

    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);
    static final int LOG_TAIL_LINES = 30;

    private static final Logger log = LoggerFactory.getLogger(StackSupervisor.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PORT_RELEASE_WAIT = Duration.ofSeconds(20);

    private final LauncherSettings settings;
    private final Instant launchedAt;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopRequest = new CountDownLatch(1);
    private final AtomicBoolean stopStarted = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Object lock = new Object();

    // guarded by lock
    private final List<ServiceProcess> services = new ArrayList<>();
    private @Nullable DataDirectoryLock dataLock;
    private @Nullable EmbeddedDatabase database;
    private @Nullable KafkaBroker kafka;
    private boolean stopping;

    private volatile boolean ready;

    /**
     * @param launchedAt when the launcher started, for the start-up time it reports
     * @param out where the endpoints, {@code READY} and {@code stopped} go
     * @param err where deaths of children go
     */
    public StackSupervisor(LauncherSettings settings, Instant launchedAt, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.launchedAt = launchedAt;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts everything and returns once every service is healthy and {@code READY} is printed.
     *
     * @throws StartupFailedException when something did not start or a stop was requested meanwhile; what was
     *     started keeps running until {@link #stop()}
     */
    public void start() throws StartupFailedException {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        Map<ServiceDefinition, Path> jars = findJars();
        Map<Integer, String> ports = portOwners();
        takeDataDirectory();
        KafkaBroker.stopLeftovers(kafkaDirectory());
        awaitPortsFree(ports);
        startDatabase(deadline);
        startKafka(deadline);
        startServices(jars, deadline);
        checkAllRunning();
        ready = true;
        ReadyBanner.print(out, settings, Duration.between(launchedAt, Instant.now()));
    }

    /** Blocks until {@link #requestStop()} (a signal) or {@link #stop()}. */
    public void awaitStopRequest() throws InterruptedException {
        stopRequest.await();
    }

    /** Asks the thread in {@link #start()} or {@link #awaitStopRequest()} to give up and stop; returns at once. */
    public void requestStop() {
        if (stopRequest.getCount() > 0) {
            log.info("stopping: services, then Kafka, then PostgreSQL");
        }
        stopRequest.countDown();
    }

    public boolean isStopRequested() {
        return stopRequest.getCount() == 0;
    }

    /**
     * Stops the services (SIGTERM, up to 20 s each, in parallel, then SIGKILL), then Kafka, then PostgreSQL, and
     * prints {@code stopped}. Safe to call more than once and from several threads; later calls wait for the
     * first.
     */
    public void stop() {
        if (!stopStarted.compareAndSet(false, true)) {
            stopped.join();
            return;
        }
        List<ServiceProcess> running;
        EmbeddedDatabase db;
        KafkaBroker broker;
        DataDirectoryLock directoryLock;
        synchronized (lock) {
            stopping = true;
            running = List.copyOf(services);
            db = database;
            broker = kafka;
            directoryLock = dataLock;
        }
        stopRequest.countDown();
        try {
            stopServices(running);
            if (broker != null) {
                log.info("stopping Kafka");
                broker.close();
            }
            if (db != null) {
                log.info("stopping PostgreSQL");
                db.close();
            }
            if (directoryLock != null) {
                directoryLock.close();
            }
        } catch (IOException | RuntimeException e) {
            log.error("while stopping: {}", e.toString());
        } finally {
            out.println("stopped");
            out.flush();
            stopped.complete(null);
        }
    }

    private static void stopServices(List<ServiceProcess> running) {
        if (running.isEmpty()) {
            return;
        }
        log.info("stopping {}", running.stream().map(ServiceProcess::name).collect(Collectors.joining(", ")));
        List<Thread> stoppers = running.stream()
                .map(service -> Thread.ofPlatform()
                        .name("stop-" + service.name())
                        .start(() -> service.stop(SERVICE_STOP_GRACE)))
                .toList();
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<ServiceDefinition, Path> findJars() throws StartupFailedException {
        Map<ServiceDefinition, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ServiceDefinition service : settings.services()) {
            ServiceJars.find(settings.repository(), service.name())
                    .ifPresentOrElse(jar -> jars.put(service, jar), () -> missing.add(service.name()));
        }
        if (!missing.isEmpty()) {
            throw new StartupFailedException(
                    "no jar for %s; build with ./run.sh --rebuild (or ./mvnw -DskipTests package)"
                            .formatted(String.join(", ", missing)),
                    missing.stream()
                            .map(name -> "expected " + settings.repository().resolve(name) + "/target/" + name
                                    + "-<version>.jar")
                            .toList());
        }
        return jars;
    }

    /** Every port the launcher's children listen on (PostgreSQL's is checked when it starts), by owner. */
    private Map<Integer, String> portOwners() throws StartupFailedException {
        Map<Integer, String> owners = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        claim(owners, clashes, settings.postgresPort(), "PostgreSQL (" + LauncherSettings.POSTGRES_PORT + ")");
        claim(owners, clashes, settings.kafkaPort(), "Kafka (" + LauncherSettings.KAFKA_PORT + ")");
        claim(
                owners,
                clashes,
                settings.kafkaControllerPort(),
                "Kafka controller (" + LauncherSettings.KAFKA_CONTROLLER_PORT + ")");
        for (ServiceDefinition service : settings.services()) {
            claim(owners, clashes, settings.port(service), service.name() + " (" + service.portVariable() + ")");
        }
        if (!clashes.isEmpty()) {
            throw new StartupFailedException("two components were given the same port", clashes);
        }
        owners.remove(settings.postgresPort());
        return owners;
    }

    private static void claim(Map<Integer, String> owners, List<String> clashes, int port, String owner) {
        String previous = owners.putIfAbsent(port, owner);
        if (previous != null) {
            clashes.add("port %d: %s and %s".formatted(port, previous, owner));
        }
    }

    private void takeDataDirectory() throws StartupFailedException {
        try {
            DataDirectoryLock acquired = DataDirectoryLock.acquire(settings.dataDirectory());
            synchronized (lock) {
                dataLock = acquired;
            }
        } catch (IOException e) {
            throw new StartupFailedException(e.getMessage(), List.of());
        }
    }

    /**
     * Waits a little for ports in use, since the children of a launcher that was just killed need a moment to
     * notice and stop, then fails naming the ports still taken.
     */
    private void awaitPortsFree(Map<Integer, String> ports) throws StartupFailedException {
        Instant giveUp = Instant.now().plus(PORT_RELEASE_WAIT);
        boolean announced = false;
        while (true) {
            List<String> busy = ports.entrySet().stream()
                    .filter(entry -> !Ports.isFree(entry.getKey()))
                    .map(entry -> "port %d for %s".formatted(entry.getKey(), entry.getValue()))
                    .toList();
            if (busy.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new StartupFailedException(
                        "ports in use by another program (another Isthmus still running?); stop it, or choose other"
                                + " ports with the variables named",
                        busy);
            }
            if (!announced) {
                log.warn("waiting up to {} s for ports in use: {}", PORT_RELEASE_WAIT.toSeconds(), busy);
                announced = true;
            }
            pause();
        }
    }

    private void startDatabase(Instant deadline) throws StartupFailedException {
        checkNotCancelled();
        long began = System.nanoTime();
        Path logFile = settings.logFile("postgres");
        long logStart = sizeOf(logFile);
        EmbeddedDatabase started;
        try {
            started = EmbeddedDatabase.start(
                    settings.dataDirectory().resolve("postgres"),
                    settings.postgresPort(),
                    logFile,
                    remaining(deadline));
        } catch (IOException | RuntimeException e) {
            throw new StartupFailedException(
                    "PostgreSQL did not start (port %d, %s): %s%nlast lines of %s:"
                            .formatted(
                                    settings.postgresPort(), LauncherSettings.POSTGRES_PORT, e.getMessage(), logFile),
                    LogTail.lastLines(logFile, LOG_TAIL_LINES, logStart));
        }
        synchronized (lock) {
            if (stopping) {
                started.close();
                throw cancelled();
            }
            database = started;
        }
        started.onExit().thenRun(() -> reportDeath("postgres", "exit code unknown", logFile));
        log.info(
                "PostgreSQL ready on port {}, database {} ({})",
                started.port(),
                EmbeddedDatabase.DATABASE,
                since(began));
    }

    private void startKafka(Instant deadline) throws StartupFailedException {
        checkNotCancelled();
        long began = System.nanoTime();
        Path logFile = settings.logFile(KafkaBroker.NAME);
        long logStart = sizeOf(logFile);
        KafkaBroker started;
        try {
            started = KafkaBroker.start(
                    kafkaDirectory(),
                    settings.kafkaPort(),
                    settings.kafkaControllerPort(),
                    settings.java(),
                    logFile,
                    deadline,
                    this::isStopRequested);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        } catch (IOException | RuntimeException e) {
            checkNotCancelled();
            throw new StartupFailedException(
                    "Kafka did not start: %s%nlast lines of %s:".formatted(e.getMessage(), logFile),
                    LogTail.lastLines(logFile, LOG_TAIL_LINES, logStart));
        }
        synchronized (lock) {
            if (stopping) {
                started.close();
                throw cancelled();
            }
            kafka = started;
        }
        watch(started.process());
        log.info("Kafka ready on port {} ({})", started.port(), since(began));
    }

    private void startServices(Map<ServiceDefinition, Path> jars, Instant deadline) throws StartupFailedException {
        TreeMap<Integer, List<ServiceDefinition>> waves = settings.services().stream()
                .collect(Collectors.groupingBy(ServiceDefinition::wave, TreeMap::new, Collectors.toList()));
        try (HealthProbe probe = new HealthProbe()) {
            for (List<ServiceDefinition> wave : waves.values()) {
                startWave(wave, jars, deadline, probe);
            }
        }
    }

    /** Starts the wave's services, at most {@code startConcurrency} at a time, and waits until all are healthy. */
    private void startWave(
            List<ServiceDefinition> wave, Map<ServiceDefinition, Path> jars, Instant deadline, HealthProbe probe)
            throws StartupFailedException {
        Deque<ServiceDefinition> waiting = new ArrayDeque<>(wave);
        Map<ServiceProcess, Long> starting = new LinkedHashMap<>();
        while (!waiting.isEmpty() || !starting.isEmpty()) {
            checkNotCancelled();
            while (!waiting.isEmpty() && starting.size() < settings.startConcurrency()) {
                starting.put(launch(waiting.removeFirst(), jars), System.nanoTime());
            }
            checkAllRunning();
            Map<ServiceProcess, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
            starting.keySet().forEach(service -> probes.put(service, probe.isUp(service.port())));
            probes.forEach((service, up) -> {
                if (up.join()) {
                    log.info("{} is up on port {} ({})", service.name(), service.port(), since(starting.get(service)));
                    starting.remove(service);
                }
            });
            if (waiting.isEmpty() && starting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw notHealthyInTime(List.copyOf(starting.keySet()), List.copyOf(waiting));
            }
            pause();
        }
    }

    private ServiceProcess launch(ServiceDefinition service, Map<ServiceDefinition, Path> jars)
            throws StartupFailedException {
        ServiceProcess started;
        try {
            started = ServiceProcess.start(
                    service,
                    settings.port(service),
                    jars.get(service),
                    settings.java(),
                    settings.serviceJvmOptions(),
                    settings.childEnvironment(),
                    settings.logFile(service.name()));
        } catch (IOException e) {
            throw new StartupFailedException("cannot start " + service.name() + ": " + e.getMessage(), List.of());
        }
        synchronized (lock) {
            if (stopping) {
                started.stop(Duration.ZERO);
                throw cancelled();
            }
            services.add(started);
        }
        watch(started.process());
        log.info(
                "starting {} (pid {}, port {})",
                service.name(),
                started.process().pid(),
                started.port());
        return started;
    }

    private void watch(ChildProcess child) {
        child.onExit()
                .thenAccept(ended ->
                        reportDeath(ended.name(), ChildProcess.describeExit(ended.exitCode()), ended.logFile()));
    }

    private void reportDeath(String name, String exit, Path logFile) {
        boolean expected;
        synchronized (lock) {
            expected = stopping;
        }
        if (ready && !expected) {
            err.printf("service %s died (%s); see %s%n", name, exit, logFile);
            err.flush();
        }
    }

    /** Fails the start when a child already started has ended. */
    private void checkAllRunning() throws StartupFailedException {
        EmbeddedDatabase db;
        KafkaBroker broker;
        List<ServiceProcess> started;
        synchronized (lock) {
            db = database;
            broker = kafka;
            started = List.copyOf(services);
        }
        if (db != null && !db.isAlive()) {
            Path logFile = settings.logFile("postgres");
            throw new StartupFailedException(
                    "PostgreSQL ended during start-up; last lines of " + logFile + ":",
                    LogTail.lastLines(logFile, LOG_TAIL_LINES));
        }
        if (broker != null && !broker.process().isAlive()) {
            throw ended(broker.process());
        }
        for (ServiceProcess service : started) {
            if (!service.isAlive()) {
                throw ended(service.process());
            }
        }
    }

    private static StartupFailedException ended(ChildProcess child) {
        return new StartupFailedException(
                "%s ended during start-up (%s); last lines of %s:"
                        .formatted(child.name(), ChildProcess.describeExit(child.exitCode()), child.logFile()),
                child.logTail(LOG_TAIL_LINES));
    }

    private StartupFailedException notHealthyInTime(
            List<ServiceProcess> unhealthy, List<ServiceDefinition> notStarted) {
        List<String> names = new ArrayList<>();
        unhealthy.forEach(service -> names.add(service.name()));
        notStarted.forEach(service -> names.add(service.name() + " (not started)"));
        List<String> details = new ArrayList<>();
        for (ServiceProcess service : unhealthy) {
            details.add("--- %s: %s, last lines of %s"
                    .formatted(
                            service.name(),
                            HealthProbe.healthUri(service.port()),
                            service.process().logFile()));
            details.addAll(service.process().logTail(LOG_TAIL_LINES));
        }
        return new StartupFailedException(
                "not healthy within %d s (%s): %s"
                        .formatted(
                                settings.startTimeout().toSeconds(),
                                LauncherSettings.START_TIMEOUT,
                                String.join(", ", names)),
                details);
    }

    private void checkNotCancelled() throws StartupFailedException {
        if (isStopRequested()) {
            throw cancelled();
        }
    }

    private static StartupFailedException cancelled() {
        return new StartupFailedException("start-up cancelled", List.of());
    }

    private void pause() throws StartupFailedException {
        try {
            if (stopRequest.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                throw cancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
    }

    private Path kafkaDirectory() {
        return settings.dataDirectory().resolve("kafka");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    private static String since(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
