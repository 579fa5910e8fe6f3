package health.isthmus.platform.db;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates a service's schema: first the service's own scripts, then the platform's tables (outbox and
 * inbox) with a history table of their own, so that neither set of versions constrains the other.
 */
public final class PlatformMigrations implements FlywayMigrationStrategy {

    static final String PLATFORM_LOCATION = "classpath:isthmus/platform/db";
    static final String PLATFORM_HISTORY_TABLE = "isthmus_platform_schema_history";

    @Override
    public void migrate(Flyway serviceMigrations) {
        serviceMigrations.migrate();
        Flyway.configure(serviceMigrations.getConfiguration().getClassLoader())
                .configuration(serviceMigrations.getConfiguration())
                .locations(PLATFORM_LOCATION)
                .table(PLATFORM_HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
