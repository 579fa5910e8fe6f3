package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientIdentifier;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Identifiers that no longer name a patient of their own, each with the record that answers for it now. */
@Repository
public class RetiredIdentifiers {

    private final JdbcClient jdbc;

    public RetiredIdentifiers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The record that answers for a retired identifier, if it is retired. */
    public Optional<Long> survivorOf(PatientIdentifier identifier) {
        return jdbc.sql("""
                        select survivor_patient_id from retired_identifier
                        where assigning_authority = ? and identifier_value = ?
                        """)
                .params(identifier.assigningAuthority(), identifier.value())
                .query(Long.class)
                .optional();
    }

    /** Whether the identifier was retired by a message received after {@code receivedAt}. */
    public boolean retiredAfter(PatientIdentifier identifier, Instant receivedAt) {
        return jdbc.sql("""
                        select count(*) from retired_identifier
                        where assigning_authority = ? and identifier_value = ? and retired_at > ?
                        """)
                        .params(identifier.assigningAuthority(), identifier.value(), Timestamp.from(receivedAt))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Retires an identifier in favour of a record (a later retirement of the same identifier replaces it). */
    public void retire(
            PatientIdentifier identifier, long survivorId, String reason, @Nullable Long mergeId, Instant at) {
        jdbc.sql("""
                        insert into retired_identifier (assigning_authority, identifier_value, survivor_patient_id,
                            reason, merge_id, retired_at)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (assigning_authority, identifier_value) do update
                            set survivor_patient_id = excluded.survivor_patient_id, reason = excluded.reason,
                                merge_id = excluded.merge_id, retired_at = excluded.retired_at
                        """)
                .params(
                        identifier.assigningAuthority(),
                        identifier.value(),
                        survivorId,
                        reason,
                        mergeId,
                        Timestamp.from(at))
                .update();
    }

    /** Gives back the identifiers a merge retired (unmerge). */
    public List<String> restoreMerge(long mergeId) {
        return jdbc.sql("""
                        delete from retired_identifier where merge_id = ?
                        returning assigning_authority || '|' || identifier_value
                        """).param(mergeId).query(String.class).list();
    }

    /** Makes an identifier name a patient again (an identifier change back to it). */
    public void restore(PatientIdentifier identifier) {
        jdbc.sql("delete from retired_identifier where assigning_authority = ? and identifier_value = ?")
                .params(identifier.assigningAuthority(), identifier.value())
                .update();
    }
}
