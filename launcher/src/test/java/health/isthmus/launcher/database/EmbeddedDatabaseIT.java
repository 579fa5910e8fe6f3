package health.isthmus.launcher.database;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.launcher.process.TestJvm;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    private final int port = LoopbackPorts.free();

    private Path data() {
        return directory.resolve("postgres");
    }

    private Path log() {
        return directory.resolve("logs/postgres.log");
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(TestJvm.eventually(() -> TestJvm.liveDescendants().isEmpty(), Duration.ofSeconds(30)))
                .as("processes left: %s", TestJvm.describe(TestJvm.liveDescendants()))
                .isTrue();
    }

    @Test
    void servesTheIsthmusDatabaseAndKeepsItsDataAcrossRestarts() throws Exception {
        long postmaster;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data(), port, log(), STARTUP)) {
            assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + port + "/isthmus");
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                assertThat(single(statement, "select 1")).isEqualTo("1");
                assertThat(single(statement, "select current_database()")).isEqualTo("isthmus");
                // an acknowledgment after commit means the data is on the device, power cut or not
                assertThat(single(statement, "select current_setting('synchronous_commit')"))
                        .isEqualTo("on");
                assertThat(single(statement, "select current_setting('fsync')")).isEqualTo("on");
                assertThat(single(statement, "select current_setting('full_page_writes')"))
                        .isEqualTo("on");
                assertThat(single(statement, "select upper('société')")).isEqualTo("SOCIÉTÉ");
                statement.execute("create table visit (id int primary key)");
                statement.execute("insert into visit values (1)");
            }
            postmaster = database.postmasterPid();
        }
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(data().resolve("postmaster.pid")).doesNotExist();

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data(), port, log(), STARTUP);
                Connection connection = again.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "select count(*) from visit")).isEqualTo("1");
        }
        assertThat(log()).content().contains("database system is ready to accept connections");
    }

    @Test
    void startsAfterPostgresWasKilled() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data(), port, log(), STARTUP)) {
            ProcessHandle postmaster =
                    ProcessHandle.of(database.postmasterPid()).orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().join();
            assertThat(TestJvm.eventually(
                            () -> postmaster.descendants().findAny().isEmpty(), STARTUP))
                    .isTrue();
        }
        assertThat(data().resolve("postmaster.pid")).exists();

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data(), port, log(), STARTUP);
                Connection connection = again.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void postgresStopsWhenItsLauncherIsKilled() throws Exception {
        Process holder = startHolder();
        long postmaster = postmasterPidOf(holder);

        holder.destroyForcibly();

        assertThat(TestJvm.eventually(
                        () -> ProcessHandle.of(postmaster)
                                .filter(ProcessHandle::isAlive)
                                .isEmpty(),
                        Duration.ofSeconds(60)))
                .as("the guard stops PostgreSQL")
                .isTrue();
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data(), port, log(), STARTUP)) {
            assertThat(again.isAlive()).isTrue();
        }
    }

    @Test
    void anOrphanedPostgresIsStoppedByTheNextStart() throws Exception {
        Process holder = startHolder();
        long postmaster = postmasterPidOf(holder);
        // kill the guard too: the orphan then survives, as if the launcher and its guard had both been killed
        holder.descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("isthmus-postgres-guard"))
                .forEach(ProcessHandle::destroyForcibly);
        holder.destroyForcibly();
        holder.waitFor();
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isPresent();

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data(), port, log(), STARTUP)) {
            assertThat(again.postmasterPid()).isNotEqualTo(postmaster);
            assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive))
                    .isEmpty();
        }
    }

    private Process startHolder() throws Exception {
        Files.createDirectories(log().getParent());
        return new ProcessBuilder(TestJvm.command(
                        DatabaseHolderMain.class.getName(), data().toString(), String.valueOf(port), log().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private static long postmasterPidOf(Process holder) throws Exception {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("POSTMASTER ")) {
                Thread.ofPlatform().daemon().start(() -> drain(reader));
                return Long.parseLong(line.substring("POSTMASTER ".length()).strip());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the holder ended without starting PostgreSQL:\n" + seen);
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // keep the pipe empty
            }
        } catch (java.io.IOException e) {
            // the holder is gone
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return Optional.ofNullable(result.getString(1)).orElse("null");
        }
    }
}
