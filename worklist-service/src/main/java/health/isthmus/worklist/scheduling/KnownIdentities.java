package health.isthmus.worklist.scheduling;

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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MPI's identities as the worklist last heard of them ({@code known_identity}, {@code known_identifier}): which
 * identity each active identifier names, and that identity's identifiers.
 */
@Repository
public class KnownIdentities {

    private static final TypeReference<List<PatientIdentifier>> IDENTIFIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public KnownIdentities(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * An identity named by an MPI event.
     *
     * @param euid the identity
     * @param identifiers its active identifiers
     * @param retired whether the identifier asked for is one the identity retired (A40, A47)
     */
    public record KnownIdentity(UUID euid, List<PatientIdentifier> identifiers, boolean retired) {

        /**
         * The identifier that names the patient now instead of {@code identifier}: itself while active; for a retired
         * one the identity's identifier of the same issuer, or its first identifier when it has none of that issuer.
         */
        public PatientIdentifier current(PatientIdentifier identifier) {
            return retired ? successor(identifiers, identifier) : identifier;
        }
    }

    /** The identifier of {@code identifiers} that replaces a retired one: same issuer first, else the first one. */
    static PatientIdentifier successor(List<PatientIdentifier> identifiers, PatientIdentifier retired) {
        return identifiers.stream()
                .filter(candidate -> candidate.assigningAuthority().equals(retired.assigningAuthority()))
                .findFirst()
                .orElse(identifiers.isEmpty() ? retired : identifiers.getFirst());
    }

    /**
     * Serializes, until the transaction ends, the work of every transaction naming one of these identifiers: an order
     * for a patient and an MPI change of that patient see each other's outcome instead of passing each other (an
     * order naming a number the MPI is retiring at the same moment would otherwise keep the retired number). Locks
     * are taken in a fixed order, so two callers never wait for each other in a circle.
     */
    public void lock(Collection<PatientIdentifier> identifiers) {
        identifiers.stream()
                .map(PatientIdentifier::qualified)
                .distinct()
                .sorted()
                .forEach(key -> jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                        .param("worklist.patient|" + key)
                        .query()
                        .singleRow());
    }

    /** The identity an identifier names (or, retired, names no longer), when the MPI has published one. */
    public Optional<KnownIdentity> named(PatientIdentifier identifier) {
        return jdbc.sql("""
                        select i.euid, i.identifiers::text as identifiers, k.retired
                        from known_identifier k join known_identity i on i.euid = k.euid
                        where k.assigning_authority = ? and k.identifier_value = ?
                        """)
                .params(identifier.assigningAuthority(), identifier.value())
                .query((rs, row) -> new KnownIdentity(
                        rs.getObject("euid", UUID.class),
                        json.readValue(rs.getString("identifiers"), IDENTIFIERS),
                        rs.getBoolean("retired")))
                .optional();
    }

    /**
     * Takes in the identity as the event states it: identities it retired are forgotten, its identifiers name it,
     * identifiers it retired name it as retired ones, identifiers it no longer lists otherwise (unlinked ones) no
     * longer name it.
     */
    public void remember(EnterprisePatientEvent event, List<PatientIdentifier> retired, Instant at) {
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
