package health.isthmus.launcher.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postmaster.pid} lock file of a PostgreSQL data directory, and what to do with one left behind by an
 * earlier run that did not end cleanly.
 *
 * <p>The caller must hold the launcher's lock on the data directory, so no other launcher uses it: a live postgres
 * process named in the file is then an orphan of a launcher that was killed, and is stopped. A file naming a
 * process that is gone, or a process that is not PostgreSQL (its id was reused), is removed.
 */
final class PostmasterPidFile {

    static final String FILE_NAME = "postmaster.pid";

    private static final Logger log = LoggerFactory.getLogger(PostmasterPidFile.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private PostmasterPidFile() {}

    /** The process id in the file, if there is a file and it names one. */
    static Optional<Long> read(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        OptionalLong pid = parsePid(Files.readAllLines(file, StandardCharsets.UTF_8));
        return pid.isPresent() ? Optional.of(pid.getAsLong()) : Optional.empty();
    }

    static OptionalLong parsePid(List<String> lines) {
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Removes a stale pid file or stops an orphaned server, so that PostgreSQL can start on the directory. */
    static void clearLeftover(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return;
        }
        Optional<Long> pid = read(dataDirectory);
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.warn(
                    "PostgreSQL was not shut down cleanly last time (pid {} is gone); removing its stale {}",
                    pid.map(String::valueOf).orElse("unreadable"),
                    file);
            Files.deleteIfExists(file);
            return;
        }
        Optional<String> command = process.get().info().command();
        if (command.isEmpty()) {
            throw new IOException(("PostgreSQL data directory %s is in use by process %d, which this user cannot"
                            + " inspect; stop it or choose another ISTHMUS_DATA_DIR")
                    .formatted(dataDirectory, pid.get()));
        }
        if (!isPostgres(command.get())) {
            log.warn(
                    "stale {} names pid {}, which now runs {} (not PostgreSQL); removing the file",
                    file,
                    pid.get(),
                    command.get());
            Files.delete(file);
            return;
        }
        stopOrphan(dataDirectory, process.get());
    }

    static boolean isPostgres(String command) {
        String program = Path.of(command).getFileName().toString();
        return program.equals("postgres") || program.equals("postmaster");
    }

    private static void stopOrphan(Path dataDirectory, ProcessHandle postmaster) throws IOException {
        log.warn(
                "PostgreSQL (pid {}) of an earlier run still serves {}, probably because that launcher was killed;"
                        + " stopping it",
                postmaster.pid(),
                dataDirectory);
        if (!PostmasterSignals.stop(postmaster, STOP_TIMEOUT, Duration.ofSeconds(10))) {
            throw new IOException("cannot stop the orphaned PostgreSQL (pid %d) on %s; stop it by hand"
                    .formatted(postmaster.pid(), dataDirectory));
        }
        log.info("stopped the orphaned PostgreSQL (pid {})", postmaster.pid());
    }
}
