package health.isthmus.audit.chain;

import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditParticipant;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends records to the one chain. The chain head row is locked for the rest of the caller's transaction, so
 * appends from any number of consumers are serialized and each row names its true predecessor; the database
 * checks the same link again in a trigger.
 */
@Component
public class AuditChain {

    private final JdbcClient jdbc;
    private final CanonicalForm canonical;
    private final Clock clock;

    public AuditChain(JdbcClient jdbc, CanonicalForm canonical, Clock clock) {
        this.jdbc = jdbc;
        this.canonical = canonical;
        this.clock = clock;
    }

    /**
     * Stores one record at the end of the chain, in the caller's transaction.
     *
     * @return its sequence number
     */
    public long append(String eventId, AuditEventRecorded record) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("records are appended in the consumer's transaction");
        }
        Head head = jdbc.sql("select last_sequence, last_hash from audit_chain_head for update")
                .query((rs, row) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .single();
        long sequence = head.sequence() + 1;
        // PostgreSQL keeps microseconds; the canonical text must say what is stored
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String text = canonical.of(sequence, eventId, recordedAt, record);
        byte[] hash = ChainHash.next(head.hash(), text);
        jdbc.sql("""
                        insert into audit_record (sequence, event_id, recorded_at, occurred_at, event_code, action,
                            outcome, source_id, user_ids, patient_ids, canonical, prev_hash, row_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        sequence,
                        eventId,
                        Timestamp.from(recordedAt),
                        Timestamp.from(record.occurredAt()),
                        record.event().code(),
                        record.action().name(),
                        record.outcome().indicator(),
                        record.source().sourceId(),
                        users(record).toArray(String[]::new),
                        patients(record).toArray(String[]::new),
                        text,
                        head.hash(),
                        hash)
                .update();
        jdbc.sql("update audit_chain_head set last_sequence = ?, last_hash = ?")
                .params(sequence, hash)
                .update();
        return sequence;
    }

    private static Set<String> users(AuditEventRecorded record) {
        Set<String> users = new LinkedHashSet<>();
        record.participants().stream().map(AuditParticipant::userId).forEach(users::add);
        return users;
    }

    /** Each patient as recorded ({@code AUTH|VALUE} or an EUID), and the bare value of a qualified identifier. */
    static Set<String> patients(AuditEventRecorded record) {
        Set<String> patients = new LinkedHashSet<>();
        for (AuditObject object : record.objects()) {
            if (object.type() == AuditObject.Type.PATIENT) {
                patients.add(object.id());
                int bar = object.id().indexOf('|');
                if (bar >= 0) {
                    patients.add(object.id().substring(bar + 1));
                }
            }
        }
        return patients;
    }

    private record Head(long sequence, byte[] hash) {}
}
