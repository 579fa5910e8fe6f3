package health.isthmus.launcher.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process started by the launcher whose output (stdout and stderr) is appended to its own log file.
 *
 * <p>Where {@code setsid} exists the child runs in a session of its own, so a Ctrl-C in the terminal reaches only
 * the launcher, which then stops the children in order (services, then Kafka, then PostgreSQL). {@code setsid}
 * replaces itself with the command, so the process id is the child's own.
 */
public final class ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;

    private ChildProcess(String name, Process process, Path logFile, long logStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
    }

    /**
     * Starts a command with extra environment variables (on top of the launcher's own), appending its output to
     * {@code logFile} after a header line that marks the start.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path logFile)
            throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        String header = "%n===== %s isthmus launcher (pid %d) starts %s =====%n"
                .formatted(
                        OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        ProcessHandle.current().pid(),
                        name);
        Files.writeString(
                logFile, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> fullCommand = new ArrayList<>();
        SETSID.ifPresent(setsid -> fullCommand.add(setsid.toString()));
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        log.debug("started {} as pid {}: {}", name, process.pid(), command);
        return new ChildProcess(name, process, logFile, logStart);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; only meaningful once the process has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    public CompletableFuture<ChildProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    /** Waits for the process to end by itself; true when it ended within the time. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the process to stop (SIGTERM), gives it {@code grace} to do so, then kills it (SIGKILL); finally kills
     * whatever processes it had started and left behind. Returns when the process is gone.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("{} did not stop within {} s; killing it", name, grace.toSeconds());
                    process.destroyForcibly();
                    process.waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        List<ProcessHandle> leftovers =
                descendants.stream().filter(ProcessHandle::isAlive).toList();
        leftovers.forEach(ProcessHandle::destroyForcibly);
        awaitExit(leftovers);
    }

    private static void awaitExit(List<ProcessHandle> processes) {
        try {
            CompletableFuture.allOf(
                            processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("processes still running after SIGKILL: {}", processes);
        }
    }

    /** The last lines this run wrote to the log file, for error reports. */
    public List<String> logTail(int lines) {
        try {
            return LogTail.lastLines(logFile, lines, logStart);
        } catch (UncheckedIOException e) {
            return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
        }
    }

    /** {@code exit code N}, with the signal when the process was killed by one. */
    public static String describeExit(int exitCode) {
        if (exitCode > 128 && exitCode < 160) {
            return "exit code %d, killed by signal %d".formatted(exitCode, exitCode - 128);
        }
        return "exit code " + exitCode;
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
