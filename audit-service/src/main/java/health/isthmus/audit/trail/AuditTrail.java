package health.isthmus.audit.trail;

import health.isthmus.audit.chain.CanonicalForm;
import health.isthmus.audit.chain.StoredRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the stored trail. Filters use the columns derived at storage; what is answered is always the hashed canonical
 * text, so an answer shows what {@code verify} vouches for.
 */
@Component
public class AuditTrail {

    private final JdbcClient jdbc;
    private final CanonicalForm canonical;

    public AuditTrail(JdbcClient jdbc, CanonicalForm canonical) {
        this.jdbc = jdbc;
        this.canonical = canonical;
    }

    /** The records matching the query, newest first; one more than the limit tells whether more exist. */
    public List<StoredRecord> search(TrailQuery query, int fetch) {
        StringBuilder sql = new StringBuilder("select canonical from audit_record where true");
        List<Object> params = new ArrayList<>();
        if (query.patient() != null) {
            // the patient as named, and every identifier and EUID the MPI says is the same person
            sql.append(" and patient_ids && array(select ?::text union select other.member"
                    + " from patient_identity_link person"
                    + " join patient_identity_link other on other.euid = person.euid"
                    + " where person.member = ? or person.member_value = ?)");
            params.add(query.patient());
            params.add(query.patient());
            params.add(query.patient());
        }
        if (query.user() != null) {
            sql.append(" and user_ids @> array[?]::text[]");
            params.add(query.user());
        }
        if (query.action() != null) {
            sql.append(" and action = ?");
            params.add(query.action().name());
        }
        if (query.eventCode() != null) {
            sql.append(" and event_code = ?");
            params.add(query.eventCode());
        }
        if (query.correlationId() != null) {
            // the expression of index audit_record_correlation (V4)
            sql.append(" and (canonical::jsonb -> 'record' ->> 'correlationId') = ?");
            params.add(query.correlationId());
        }
        if (query.from() != null) {
            sql.append(" and occurred_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and occurred_at <= ?");
            params.add(Timestamp.from(query.to()));
        }
        sql.append(" order by occurred_at desc, sequence desc limit ? offset ?");
        params.add(fetch);
        params.add(query.offset());
        return jdbc.sql(sql.toString()).params(params).query(this::read).list();
    }

    /** One record by its sequence number. */
    public Optional<StoredRecord> find(long sequence) {
        return jdbc.sql("select canonical from audit_record where sequence = ?")
                .param(sequence)
                .query(this::read)
                .optional();
    }

    private StoredRecord read(ResultSet rs, int row) throws SQLException {
        return canonical.read(rs.getString("canonical"));
    }
}
