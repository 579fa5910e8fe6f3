package health.isthmus.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that a test runs as a child process and may kill ({@code SIGKILL}), pause ({@code SIGSTOP}) and resume
 * ({@code SIGCONT}) the way a crash, an operator or a stalled machine would.
 *
 * <p>Its output (stdout and stderr) is appended to a log file. Every child still running when the test JVM exits is
 * resumed and killed by a shutdown hook, so that no test leaves processes behind.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final Duration SIGNAL_WAIT = Duration.ofSeconds(5);
    private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(ChildJvm::kill), "child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java <arguments>} with the JDK that runs the test.
     *
     * @param arguments everything after {@code java}: JVM options, then {@code -jar <jar>} or {@code -cp <path>
     *     <main class>}, then program arguments
     * @param environment added to the test JVM's environment
     * @param directory the working directory, created if missing
     * @param logFile where the output is appended
     */
    public static ChildJvm start(
            String name, List<String> arguments, Map<String, String> environment, Path directory, Path logFile)
            throws IOException {
        Files.createDirectories(directory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        ChildJvm child = new ChildJvm(name, builder.start(), logFile);
        child.process.getOutputStream().close();
        RUNNING.add(child);
        return child;
    }

    /** The {@code java} binary of the JDK that runs the test. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The repackaged jar of the module under test, {@code target/<artifactId>-<version>.jar}, which Maven's
     * {@code package} phase builds before Failsafe runs: for children that run a service as it ships.
     *
     * @throws IllegalStateException when the jar is not there (the test ran outside {@code mvn verify})
     */
    public static Path moduleJar(String artifactId) {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(artifactId + "-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/" + artifactId + "-*.jar: run the tests through Failsafe (mvn verify)"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class path of the test JVM, for children that run classes the test has. */
    public static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Sends {@code SIGKILL} (no shutdown hooks, no flushing) and waits until the process is gone. */
    public void kill() {
        RUNNING.remove(this);
        process.destroyForcibly();
        awaitExit(EXIT_WAIT);
    }

    /** Sends {@code SIGSTOP}: the process keeps its sockets open but does nothing until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    /** Sends {@code SIGCONT} to a paused process. */
    public void resume() {
        signal("CONT");
    }

    /** Waits for the process to end by itself; true when it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The exit code once the process has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /**
     * Waits until something accepts connections on the loopback port.
     *
     * @throws IllegalStateException when the process ends or the timeout passes first, with the end of its log
     */
    public void awaitPort(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!LoopbackPorts.accepts(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "%s ended (exit code %d) before port %d opened; its log %s ends with:%n%s"
                                .formatted(name, process.exitValue(), port, logFile, logTail(40)));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("%s did not open port %d within %d s; its log %s ends with:%n%s"
                        .formatted(name, port, timeout.toSeconds(), logFile, logTail(40)));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** The last lines of the log file, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + logFile + " not readable: " + e.getMessage() + ")";
        }
    }

    /**
     * Resumes the process if it was paused, asks it to stop ({@code SIGTERM}) and kills it when it has not ended
     * within 15 s.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            process.destroy();
            if (!awaitExit(EXIT_WAIT)) {
                process.destroyForcibly();
                awaitExit(EXIT_WAIT);
            }
        }
        RUNNING.remove(this);
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(SIGNAL_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -%s %d failed: %s"
                        .formatted(
                                signal,
                                process.pid(),
                                new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
