package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.platform.security.SiteScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Source records and enterprise identities in the service's PostgreSQL schema: demographics kept whole as JSON,
 * every version kept, the columns searches need kept beside them.
 */
@Repository
public class PatientRecords {

    private static final String SELECT = "select id, euid, demographics::text as demographics, version, updated_at,"
            + " merged_into, site from source_patient ";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public PatientRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The record keyed by this identifier (its assigning authority and value), active or merged. */
    public Optional<PatientRecord> findByKey(PatientIdentifier key) {
        return jdbc.sql(SELECT + "where assigning_authority = ? and identifier_value = ?")
                .params(key.assigningAuthority(), key.value())
                .query(this::record)
                .optional();
    }

    /** Active records of the caller's sites carrying this identifier of this assigning authority. */
    public List<PatientRecord> findByIdentifier(String value, String assigningAuthority, SiteScope scope) {
        return jdbc.sql(SELECT + """
                        where merged_into is null
                          and id in (select source_patient_id from patient_identifier
                                     where identifier_value = ? and assigning_authority = ?)
                        """ + inScope(scope) + " order by id")
                .params(withScope(scope, value, assigningAuthority))
                .query(this::record)
                .list();
    }

    /** Active records of the caller's sites carrying an identifier of this value from any authority. */
    public List<PatientRecord> findByIdentifierValue(String value, SiteScope scope) {
        return jdbc.sql(SELECT + """
                        where merged_into is null
                          and id in (select source_patient_id from patient_identifier where identifier_value = ?)
                        """ + inScope(scope) + " order by id")
                .params(withScope(scope, value))
                .query(this::record)
                .list();
    }

    /** The active records of one enterprise identity. */
    public List<PatientRecord> findByEuid(UUID euid) {
        return findByEuid(euid, SiteScope.global());
    }

    /** The active records of one enterprise identity at the caller's sites. */
    public List<PatientRecord> findByEuid(UUID euid, SiteScope scope) {
        return jdbc.sql(SELECT + "where euid = ? and merged_into is null" + inScope(scope) + " order by id")
                .params(withScope(scope, euid))
                .query(this::record)
                .list();
    }

    /** The records of the caller's sites an A40 merged into this one. */
    public List<PatientRecord> findMergedInto(long survivorId, SiteScope scope) {
        return jdbc.sql(SELECT + "where merged_into = ?" + inScope(scope) + " order by id")
                .params(withScope(scope, survivorId))
                .query(this::record)
                .list();
    }

    /** One record, active or merged. */
    public Optional<PatientRecord> findById(long id) {
        return findById(id, SiteScope.global());
    }

    /** One record, active or merged, when it is of one of the caller's sites. */
    public Optional<PatientRecord> findById(long id, SiteScope scope) {
        return jdbc.sql(SELECT + "where id = ?" + inScope(scope))
                .params(withScope(scope, id))
                .query(this::record)
                .optional();
    }

    /**
     * Active records whose demographics match every criterion given (null criteria are not applied): family and
     * given name by case-insensitive prefix, birth date and administrative sex exactly; only records of the
     * caller's sites. At most {@code limit}.
     */
    public List<PatientRecord> search(
            @Nullable String name,
            @Nullable String family,
            @Nullable String given,
            @Nullable LocalDate birthDate,
            @Nullable String sex,
            SiteScope scope,
            int limit) {
        StringBuilder where = new StringBuilder("where merged_into is null").append(inScope(scope));
        List<Object> params = new ArrayList<>(withScope(scope));
        if (name != null) {
            // FHIR's name parameter: any part of any of the record's names starts with it
            where.append(" and exists (select 1 from jsonb_array_elements(demographics -> 'names') n"
                    + " where lower(n ->> 'family') like ? escape '\\' or exists (select 1 from"
                    + " jsonb_array_elements_text(n -> 'given') g where lower(g) like ? escape '\\'))");
            params.add(likePrefix(name));
            params.add(likePrefix(name));
        }
        if (family != null) {
            where.append(" and lower(family_name) like ? escape '\\'");
            params.add(likePrefix(family));
        }
        if (given != null) {
            where.append(" and exists (select 1 from jsonb_array_elements(demographics -> 'names') n,"
                    + " jsonb_array_elements_text(n -> 'given') g where lower(g) like ? escape '\\')");
            params.add(likePrefix(given));
        }
        if (birthDate != null) {
            where.append(" and birth_date = ?");
            params.add(java.sql.Date.valueOf(birthDate));
        }
        if (sex != null) {
            where.append(" and sex = ?");
            params.add(sex);
        }
        params.add(limit);
        return jdbc.sql(SELECT + where + " order by id limit ?")
                .params(params)
                .query(this::record)
                .list();
    }

    /** A new enterprise identity. */
    public UUID newIdentity(Instant at) {
        UUID euid = UUID.randomUUID();
        jdbc.sql("insert into enterprise_patient (euid, created_at) values (?, ?)")
                .params(euid, Timestamp.from(at))
                .update();
        return euid;
    }

    /** Marks an identity that has no records left as succeeded by another one. */
    public void retireIdentity(UUID euid, UUID successor) {
        jdbc.sql("update enterprise_patient set retired_into = ? where euid = ?")
                .params(successor, euid)
                .update();
    }

    /** Makes a retired identity answer for itself again (unmerge). */
    public void reviveIdentity(UUID euid) {
        jdbc.sql("update enterprise_patient set retired_into = null where euid = ?")
                .param(euid)
                .update();
    }

    /** The identity that took over a retired one, following the chain to its end. */
    public Optional<UUID> successorOf(UUID euid) {
        UUID current = euid;
        for (int hops = 0; hops < 100; hops++) {
            Optional<UUID> next = jdbc.sql("select retired_into from enterprise_patient where euid = ?")
                    .param(current)
                    .query((rs, row) -> rs.getObject(1, UUID.class))
                    .optional();
            if (next.isEmpty() || next.get() == null) {
                return current.equals(euid) ? Optional.empty() : Optional.of(current);
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    /** Creates a record of a site (null when unknown) under an identity. */
    public PatientRecord create(
            UUID euid, PatientDemographics demographics, @Nullable String site, String writtenBy, Instant at) {
        PatientIdentifier key = demographics.primaryIdentifier();
        long id = jdbc.sql("""
                        insert into source_patient (euid, assigning_authority, identifier_value, family_name, birth_date,
                            sex, demographics, source_facility, last_control_id, created_at, updated_at, version, site)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, 1, ?)
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
                        key.assigningAuthority(),
                        writtenBy,
                        Timestamp.from(at),
                        Timestamp.from(at),
                        site)
                .query(Long.class)
                .single();
        writeIdentifiers(id, demographics);
        writeVersion(id, 1, demographics, writtenBy, at);
        return new PatientRecord(id, euid, demographics, 1, at, null, site);
    }

    /**
     * Replaces a record's demographics and identifiers, its key included (an identifier change). The record keeps
     * its site; one of unknown site takes the given one.
     */
    public PatientRecord update(
            PatientRecord record,
            PatientDemographics demographics,
            @Nullable String site,
            String writtenBy,
            Instant at) {
        PatientIdentifier key = demographics.primaryIdentifier();
        String keptSite = record.site() != null ? record.site() : site;
        int version = jdbc.sql("""
                        update source_patient set assigning_authority = ?, identifier_value = ?, family_name = ?,
                            birth_date = ?, sex = ?, demographics = ?::jsonb, last_control_id = ?, updated_at = ?,
                            version = version + 1, site = ?
                        where id = ?
                        returning version
                        """)
                .params(
                        key.assigningAuthority(),
                        key.value(),
                        familyName(demographics),
                        birthDate(demographics),
                        demographics.sex(),
                        json.writeValueAsString(demographics),
                        writtenBy,
                        Timestamp.from(at),
                        keptSite,
                        record.id())
                .query(Integer.class)
                .single();
        jdbc.sql("delete from patient_identifier where source_patient_id = ?")
                .param(record.id())
                .update();
        writeIdentifiers(record.id(), demographics);
        writeVersion(record.id(), version, demographics, writtenBy, at);
        return new PatientRecord(record.id(), record.euid(), demographics, version, at, record.mergedInto(), keptSite);
    }

    /** Moves records to another identity. */
    public void moveToIdentity(List<Long> recordIds, UUID euid) {
        jdbc.sql("update source_patient set euid = ? where id = any(?)")
                .params(euid, recordIds.toArray(Long[]::new))
                .update();
    }

    /** Marks a record as merged into a survivor: it answers for no patient of its own from now on. */
    public void markMerged(long recordId, long survivorId) {
        jdbc.sql("update source_patient set status = 'merged', merged_into = ? where id = ?")
                .params(survivorId, recordId)
                .update();
    }

    /** Makes a merged record active again under an identity (unmerge). */
    public void reactivate(long recordId, UUID euid) {
        jdbc.sql("update source_patient set status = 'active', merged_into = null, euid = ? where id = ?")
                .params(euid, recordId)
                .update();
    }

    /**
     * Every identifier of the identity's active records, each record's own identifiers in order, records oldest
     * first, without repeats.
     */
    public List<PatientIdentifier> identifiersOf(List<PatientRecord> records) {
        Set<PatientIdentifier> identifiers = new LinkedHashSet<>();
        records.forEach(record -> identifiers.addAll(record.demographics().identifiers()));
        return List.copyOf(identifiers);
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

    private void writeVersion(long id, int version, PatientDemographics demographics, String writtenBy, Instant at) {
        jdbc.sql("""
                        insert into source_patient_version (source_patient_id, version, demographics, written_by, written_at)
                        values (?, ?, ?::jsonb, ?, ?)
                        """)
                .params(id, version, json.writeValueAsString(demographics), writtenBy, Timestamp.from(at))
                .update();
    }

    private PatientRecord record(ResultSet rs, int row) throws SQLException {
        Long mergedInto = rs.getObject("merged_into", Long.class);
        return new PatientRecord(
                rs.getLong("id"),
                rs.getObject("euid", UUID.class),
                json.readValue(rs.getString("demographics"), PatientDemographics.class),
                rs.getInt("version"),
                rs.getTimestamp("updated_at").toInstant(),
                mergedInto,
                rs.getString("site"));
    }

    // a limited caller's queries add the condition, and its sites as the last parameter
    private static String inScope(SiteScope scope) {
        return scope.isGlobal() ? "" : " and site = any(?)";
    }

    private static List<Object> withScope(SiteScope scope, Object... params) {
        List<Object> all = new ArrayList<>(List.of(params));
        if (!scope.isGlobal()) {
            all.add(scope.sitesOrNull());
        }
        return all;
    }

    private static String likePrefix(String value) {
        return value.toLowerCase(java.util.Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_")
                + "%";
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
