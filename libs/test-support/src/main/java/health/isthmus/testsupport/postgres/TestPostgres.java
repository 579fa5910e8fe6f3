package health.isthmus.testsupport.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The PostgreSQL 17 server of this test JVM: started on first use, stopped when the JVM exits.
 *
 * <p>Tests never share tables: each test class asks for a fresh schema with {@link #freshSchema(Class)}.
 */
public final class TestPostgres {

    /**
     * The system property ({@code true} or not) that makes the server flush its WAL at every commit, as in production;
     * the benchmark scripts set it.
     */
    public static final String DURABLE_PROPERTY = "isthmus.test.postgres.durable";

    private static final AtomicInteger SCHEMA_COUNTER = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private TestPostgres() {}

    /** The running server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // tests run without waiting for the disk; benchmarks ask for production's durability, so that
                // their figures include every commit's WAL flush (the launcher's database runs that way)
                String durable = Boolean.getBoolean(DURABLE_PROPERTY) ? "on" : "off";
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", durable)
                        .setServerConfig("synchronous_commit", durable)
                        .setServerConfig("max_connections", "300")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started), "test-postgres-stop"));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** JDBC URL of the {@code postgres} database on the test server. */
    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    /** A data source of the superuser on the {@code postgres} database. */
    public static DataSource dataSource() {
        return server().getPostgresDatabase();
    }

    /**
     * Drops and recreates a schema whose name is derived from the test class, and returns its name.
     * Every call yields a new, empty schema.
     */
    public static String freshSchema(Class<?> testClass) {
        String name = "t_"
                + testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
                + "_"
                + SCHEMA_COUNTER.incrementAndGet();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + name + " cascade");
            statement.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + name, e);
        }
        return name;
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the server process dies with the data directory
        }
    }
}
