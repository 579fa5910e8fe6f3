package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Source records in the service's PostgreSQL schema; demographics kept whole as JSON. */
@Repository
public class JdbcPatientRecords implements PatientRecords {

    private static final String SELECT =
            "select id, euid, demographics::text as demographics, version, updated_at" + " from source_patient ";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public JdbcPatientRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<PatientRecord> findByKey(PatientIdentifier key) {
        return jdbc.sql(SELECT + "where assigning_authority = ? and identifier_value = ?")
                .params(key.assigningAuthority(), key.value())
                .query(this::record)
                .optional();
    }

    @Override
    public List<PatientRecord> findByIdentifier(String value, String assigningAuthority) {
        return jdbc.sql(SELECT + """
                        where id in (select source_patient_id from patient_identifier
                                     where identifier_value = ? and assigning_authority = ?)
                        order by id
                        """)
                .params(value, assigningAuthority)
                .query(this::record)
                .list();
    }

    @Override
    public List<PatientRecord> findByIdentifierValue(String value) {
        return jdbc.sql(SELECT + """
                        where id in (select source_patient_id from patient_identifier where identifier_value = ?)
                        order by id
                        """).param(value).query(this::record).list();
    }

    @Override
    public List<PatientRecord> findByEuid(UUID euid) {
        return jdbc.sql(SELECT + "where euid = ? order by id")
                .param(euid)
                .query(this::record)
                .list();
    }

    @Override
    public Optional<PatientRecord> findById(long id) {
        return jdbc.sql(SELECT + "where id = ?").param(id).query(this::record).optional();
    }

    @Override
    public PatientRecord create(PatientDemographics demographics, String facility, String controlId, Instant at) {
        UUID euid = UUID.randomUUID();
        jdbc.sql("insert into enterprise_patient (euid, created_at) values (?, ?)")
                .params(euid, Timestamp.from(at))
                .update();
        PatientIdentifier key = demographics.primaryIdentifier();
        long id = jdbc.sql("""
                        insert into source_patient (euid, assigning_authority, identifier_value, family_name, birth_date,
                            sex, demographics, source_facility, last_control_id, created_at, updated_at, version)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, 1)
                        returning id
                        """)
                .params(
                        euid,
                        key.assigningAuthority(),
                        key.value(),
                        familyName(demographics),
                        birthDate(demographics),
                        demographics.sex(),
                        json.writeValueAsString(demographics),
                        facility,
                        controlId,
                        Timestamp.from(at),
                        Timestamp.from(at))
                .query(Long.class)
                .single();
        writeIdentifiers(id, demographics);
        return new PatientRecord(id, euid, demographics, 1, at);
    }

    @Override
    public void update(long id, PatientDemographics demographics, String facility, String controlId, Instant at) {
        jdbc.sql("""
                        update source_patient set family_name = ?, birth_date = ?, sex = ?, demographics = ?::jsonb,
                            source_facility = ?, last_control_id = ?, updated_at = ?, version = version + 1
                        where id = ?
                        """)
                .params(
                        familyName(demographics),
                        birthDate(demographics),
                        demographics.sex(),
                        json.writeValueAsString(demographics),
                        facility,
                        controlId,
                        Timestamp.from(at),
                        id)
                .update();
        jdbc.sql("delete from patient_identifier where source_patient_id = ?")
                .param(id)
                .update();
        writeIdentifiers(id, demographics);
    }

    private void writeIdentifiers(long id, PatientDemographics demographics) {
        for (PatientIdentifier identifier : demographics.identifiers()) {
            jdbc.sql("""
                            insert into patient_identifier (source_patient_id, assigning_authority, identifier_value, type_code)
                            values (?, ?, ?, ?) on conflict do nothing
                            """)
                    .params(id, identifier.assigningAuthority(), identifier.value(), identifier.typeCode())
                    .update();
        }
    }

    private PatientRecord record(ResultSet rs, int row) throws SQLException {
        return new PatientRecord(
                rs.getLong("id"),
                rs.getObject("euid", UUID.class),
                json.readValue(rs.getString("demographics"), PatientDemographics.class),
                rs.getInt("version"),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static @Nullable String familyName(PatientDemographics demographics) {
        return demographics.names().stream()
                .map(PersonName::family)
                .filter(family -> family != null)
                .findFirst()
                .orElse(null);
    }

    private static java.sql.@Nullable Date birthDate(PatientDemographics demographics) {
        LocalDate birthDate = demographics.birthDate();
        return birthDate == null ? null : java.sql.Date.valueOf(birthDate);
    }
}
