package health.isthmus.dicomweb.reconciliation;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MPI's identities as the archive last heard of them ({@code known_identity}, {@code known_identifier}): the
 * identity each identifier names (a retired one names the survivor) and that identity's current demographics.
 */
@Repository
public class KnownIdentities {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public KnownIdentities(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An identifier's identity in the read model. */
    record NamedIdentity(UUID euid, boolean retired) {}

    /**
     * Serializes, until the transaction ends, the work of every transaction naming one of these patients, so that a
     * first instance filed under a Patient ID and an MPI event retiring it see each other's outcome. Taken in a fixed
     * order, so two callers never wait for each other in a circle.
     */
    void lock(Collection<PatientIdentifier> identifiers) {
        identifiers.stream()
                .map(PatientIdentifier::qualified)
                .distinct()
                .sorted()
                .forEach(key -> jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                        .param("archive.patient|" + key)
                        .query()
                        .singleRow());
    }

    /** The identity an identifier names (or, retired, names no longer), when the MPI has published one. */
    Optional<NamedIdentity> named(String authority, String value) {
        return jdbc.sql("""
                        select euid, retired from known_identifier
                         where assigning_authority = ? and identifier_value = ?
                        """)
                .param(authority)
                .param(value)
                .query(NamedIdentity.class)
                .optional();
    }

    /** The identity's current demographics, when known. */
    Optional<PatientDemographics> demographics(UUID euid) {
        return jdbc.sql("select demographics::text from known_identity where euid = ?")
                .param(euid)
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, PatientDemographics.class));
    }

    /**
     * The identifier naming the patient now instead of a retired one: the identity's active identifier of the same
     * authority, else its first active identifier, else the retired one itself.
     */
    PatientIdentifier successor(UUID euid, PatientIdentifier retired) {
        List<PatientIdentifier> active = jdbc.sql("""
                        select identifier_value, assigning_authority from known_identifier
                         where euid = ? and not retired order by assigning_authority, identifier_value
                        """)
                .param(euid)
                .query((rs, row) -> new PatientIdentifier(rs.getString(1), rs.getString(2), null))
                .list();
        return successor(active, retired);
    }

    /** The identifier of {@code active} that replaces a retired one: same authority first, else the first one. */
    static PatientIdentifier successor(List<PatientIdentifier> active, PatientIdentifier retired) {
        return active.stream()
                .filter(candidate -> candidate.assigningAuthority().equals(retired.assigningAuthority()))
                .findFirst()
                .orElse(active.isEmpty() ? retired : active.getFirst());
    }

    /**
     * Takes in the identity as the event states it: an identity it retired is forgotten, its active identifiers name
     * it, identifiers it retired name it as retired ones, identifiers it no longer lists (unlinked ones) no longer
     * name it until their new identity's event arrives.
     */
    void remember(EnterprisePatientEvent event, List<PatientIdentifier> retired, Instant at) {
        UUID gone = switch (event) {
            case EnterprisePatientMerged merged -> merged.retiredEuid();
            case EnterprisePatientLinked linked -> linked.formerEuid();
            default -> null;
        };
        if (gone != null && !gone.equals(event.euid())) {
            jdbc.sql("delete from known_identity where euid = ?").param(gone).update();
        }
        jdbc.sql("""
                        insert into known_identity (euid, identifiers, demographics, updated_at)
                        values (?, cast(? as jsonb), cast(? as jsonb), ?)
                        on conflict (euid) do update set identifiers = excluded.identifiers,
                            demographics = excluded.demographics, updated_at = excluded.updated_at
                        """)
                .params(
                        event.euid(),
                        json.writeValueAsString(event.identifiers()),
                        json.writeValueAsString(event.demographics()),
                        Timestamp.from(at))
                .update();
        jdbc.sql("delete from known_identifier where euid = ? and not retired")
                .param(event.euid())
                .update();
        for (PatientIdentifier id : event.identifiers()) {
            name(id, event.euid(), false);
        }
        for (PatientIdentifier id : retired) {
            name(id, event.euid(), true);
        }
    }

    private void name(PatientIdentifier id, UUID euid, boolean retired) {
        jdbc.sql("""
                        insert into known_identifier (assigning_authority, identifier_value, euid, retired)
                        values (?, ?, ?, ?)
                        on conflict (assigning_authority, identifier_value)
                        do update set euid = excluded.euid, retired = excluded.retired
                        """).params(id.assigningAuthority(), id.value(), euid, retired).update();
    }
}
