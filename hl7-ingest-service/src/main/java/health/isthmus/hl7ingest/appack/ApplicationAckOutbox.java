package health.isthmus.hl7ingest.appack;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Application acknowledgments waiting for delivery, in the service's schema. */
@Repository
public class ApplicationAckOutbox {

    private final JdbcClient jdbc;

    public ApplicationAckOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records acknowledgments in the current transaction. */
    public void saveAll(List<PendingApplicationAck> acks, Instant now) {
        for (PendingApplicationAck ack : acks) {
            jdbc.sql("""
                            insert into application_ack (
                                destination, acknowledged_control_id, sending_application, sending_facility,
                                ack_code, payload, charset, status, attempts, created_at, next_attempt_at)
                            values (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                            """)
                    .params(
                            ack.destination(),
                            ack.acknowledgedControlId(),
                            ack.sendingApplication(),
                            ack.sendingFacility(),
                            ack.code(),
                            ack.payload(),
                            ack.charset(),
                            Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
        }
    }

    /**
     * Claims the acknowledgments due now, oldest first: they are not due again before {@code leaseUntil},
     * so that other instances leave them alone while this one delivers them outside any transaction. An
     * instance that dies meanwhile leaves them to be delivered again after the lease.
     */
    public List<DueAck> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        update application_ack set next_attempt_at = ?
                        where id in (
                            select id from application_ack
                            where status = 'pending' and next_attempt_at <= ?
                            order by id limit ? for update skip locked)
                        returning id, destination, payload, charset, attempts
                        """)
                .params(Timestamp.from(leaseUntil), Timestamp.from(now), limit)
                .query((rs, row) -> new DueAck(
                        rs.getLong("id"),
                        rs.getString("destination"),
                        rs.getString("payload"),
                        rs.getString("charset"),
                        rs.getInt("attempts")))
                .list();
    }

    /** Marks an acknowledgment delivered. */
    public void delivered(long id, Instant at) {
        jdbc.sql("update application_ack set status = 'sent', sent_at = ?, attempts = attempts + 1 where id = ?")
                .params(Timestamp.from(at), id)
                .update();
    }

    /** Records a failed attempt; {@code next} null gives up on it. */
    public void failed(long id, String error, @org.jspecify.annotations.Nullable Instant next) {
        jdbc.sql("""
                        update application_ack
                        set attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),
                            status = case when ? then 'pending' else 'failed' end
                        where id = ?
                        """)
                .params(error, next == null ? null : Timestamp.from(next), next != null, id)
                .update();
    }

    /**
     * One acknowledgment to send.
     *
     * @param attempts how many deliveries were tried before
     */
    public record DueAck(long id, String destination, String payload, String charset, int attempts) {}
}
