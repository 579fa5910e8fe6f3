package health.isthmus.mpi.registry;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.postgres.TestPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code V3__source_patient_site.sql} on a registry written before sites were recorded: each record gets the
 * sending facility of the message that created it, and a record no HL7 message created keeps an unknown site, which
 * only callers not limited to sites see.
 */
class SiteMigrationIT {

    @Test
    void recordsWrittenBeforeSitesGetTheSendingFacilityOfTheMessageThatCreatedThem() {
        String schema = TestPostgres.freshSchema(SiteMigrationIT.class);
        DataSource dataSource =
                new SingleConnectionDataSource(TestPostgres.jdbcUrl() + "&currentSchema=" + schema, true);
        migrate(dataSource, schema, "2");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long north = recordCreatedBy(jdbc, "MRN-N1", "NORTHCLINIC", "hl7 NORTHCLINIC|MSG-0001 A04");
        long general = recordCreatedBy(jdbc, "MRN-G1", "GENHOSP", "hl7 GENHOSP|MSG-0002 A04");
        long loaded = recordCreatedBy(jdbc, "MRN-X1", "GENHOSP", "bench");
        // a later message from another facility changes the demographics, not the record's site
        jdbc.sql("""
                        insert into source_patient_version (source_patient_id, version, demographics, written_by, written_at)
                        values (?, 2, '{}'::jsonb, 'hl7 GENHOSP|MSG-0003 A08', now())
                        """).param(north).update();

        migrate(dataSource, schema, "3");

        assertThat(siteOf(jdbc, north)).isEqualTo("NORTHCLINIC");
        assertThat(siteOf(jdbc, general)).isEqualTo("GENHOSP");
        assertThat(siteOf(jdbc, loaded))
                .as("no HL7 message created it: unknown")
                .isNull();
    }

    private static void migrate(DataSource dataSource, String schema, String target) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    private static long recordCreatedBy(JdbcClient jdbc, String mrn, String authority, String writtenBy) {
        UUID euid = UUID.randomUUID();
        jdbc.sql("insert into enterprise_patient (euid, created_at) values (?, now())")
                .param(euid)
                .update();
        long id = jdbc.sql("""
                        insert into source_patient (euid, assigning_authority, identifier_value, demographics,
                            source_facility, last_control_id, created_at, updated_at, version)
                        values (?, ?, ?, '{}'::jsonb, ?, ?, now(), now(), 1)
                        returning id
                        """)
                .params(euid, authority, mrn, authority, writtenBy)
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into source_patient_version (source_patient_id, version, demographics, written_by, written_at)
                        values (?, 1, '{}'::jsonb, ?, now())
                        """).params(id, writtenBy).update();
        return id;
    }

    private static @Nullable String siteOf(JdbcClient jdbc, long id) {
        return jdbc.sql("select site from source_patient where id = ?")
                .param(id)
                .query((rs, row) -> rs.getString("site"))
                .list()
                .getFirst(); // null when unknown
    }
}
