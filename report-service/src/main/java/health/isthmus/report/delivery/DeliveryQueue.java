package health.isthmus.report.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code report_delivery} queue: deliveries are queued in the transaction that signs a report, claimed by the
 * worker in id order with at most one in flight per patient, and keep their tries and next try in the table so that
 * a restart resumes where the last process stopped.
 */
@Component
public class DeliveryQueue {

    private static final String COLUMNS = """
            id, report_id, report_version, result_status, site, state, attempts, next_attempt_at, destination,
            control_id, ack_code, last_error, created_at, updated_at, delivered_at
            """;

    private final JdbcClient jdbc;
    private final DeliverySignal signal;
    private final Clock clock;

    DeliveryQueue(JdbcClient jdbc, DeliverySignal signal, Clock clock) {
        this.jdbc = jdbc;
        this.signal = signal;
        this.clock = clock;
    }

    /**
     * Queues the ORU of a signed report version, in the caller's transaction; the worker is woken when it commits.
     *
     * @param resultStatus F for a final report, C for an amendment
     * @param orderingKey deliveries with the same key leave in the order they were queued
     */
    public long enqueue(long reportId, int version, String resultStatus, @Nullable String site, String orderingKey) {
        Timestamp now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                        insert into report_delivery (report_id, report_version, result_status, site, ordering_key,
                            next_attempt_at, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        returning id
                        """)
                .params(reportId, version, resultStatus, site, orderingKey, now, now, now)
                .query(Long.class)
                .single();
        wakeAfterCommit();
        return id;
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wakeUp();
                }
            });
        } else {
            signal.wakeUp();
        }
    }

    /**
     * Claims due deliveries: pending, due, and the first pending one of their ordering key. A claim counts a try and
     * moves the next try past {@code leaseUntil}, so that a process that dies while sending leaves the delivery to be
     * tried again then, while later deliveries of the same patient wait behind it.
     */
    List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc
                .sql("""
                        with due as (
                            select x.id from report_delivery x
                             where x.state = 'pending' and x.next_attempt_at <= ?
                               and not exists (select 1 from report_delivery e
                                                where e.ordering_key = x.ordering_key and e.state = 'pending'
                                                  and e.id < x.id)
                             order by x.id
                             limit ?
                             for update skip locked)
                        update report_delivery d
                           set attempts = d.attempts + 1, next_attempt_at = ?, updated_at = ?
                          from due
                         where d.id = due.id
                        returning d.id, d.report_id, d.report_version, d.result_status, d.site, d.attempts,
                                  d.control_id, d.message
                        """)
                .params(Timestamp.from(now), limit, Timestamp.from(leaseUntil), Timestamp.from(now))
                .query((rs, row) -> new Claimed(
                        rs.getLong("id"),
                        rs.getLong("report_id"),
                        rs.getInt("report_version"),
                        rs.getString("result_status"),
                        rs.getString("site"),
                        rs.getInt("attempts"),
                        rs.getString("control_id"),
                        rs.getString("message")))
                .list()
                .stream()
                .sorted(java.util.Comparator.comparingLong(Claimed::id))
                .toList();
    }

    /** A delivery claimed for one try. */
    record Claimed(
            long id,
            long reportId,
            int reportVersion,
            String resultStatus,
            @Nullable String site,
            int attempts,
            @Nullable String controlId,
            @Nullable String message) {}

    /** Keeps the ORU built for a delivery, sent unchanged on every later try. */
    void saveMessage(long id, String controlId, String message) {
        jdbc.sql("update report_delivery set control_id = ?, message = ? where id = ?")
                .params(controlId, message, id)
                .update();
    }

    void delivered(long id, String destination, String ackCode, Instant at) {
        jdbc.sql("""
                        update report_delivery set state = 'delivered', destination = ?, ack_code = ?, last_error = null,
                               delivered_at = ?, updated_at = ?, next_attempt_at = ?
                         where id = ?
                        """)
                .params(destination, ackCode, Timestamp.from(at), Timestamp.from(at), Timestamp.from(at), id)
                .update();
    }

    void failed(long id, String state, String destination, @Nullable String ackCode, String reason, Instant at) {
        jdbc.sql("""
                        update report_delivery set state = ?, destination = ?, ack_code = ?, last_error = ?,
                               updated_at = ?
                         where id = ?
                        """)
                .params(state, destination, ackCode, reason, Timestamp.from(at), id)
                .update();
    }

    void retryLater(long id, @Nullable String destination, String error, Instant next, Instant at) {
        jdbc.sql("""
                        update report_delivery set destination = ?, last_error = ?, next_attempt_at = ?, updated_at = ?
                         where id = ?
                        """)
                .params(destination, error, Timestamp.from(next), Timestamp.from(at), id)
                .update();
    }

    public Optional<Delivery> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from report_delivery where id = ?")
                .param(id)
                .query(DeliveryQueue::delivery)
                .optional();
    }

    /** The deliveries of one report, oldest first. */
    public List<Delivery> ofReport(long reportId) {
        return jdbc.sql("select " + COLUMNS + " from report_delivery where report_id = ? order by id")
                .param(reportId)
                .query(DeliveryQueue::delivery)
                .list();
    }

    /** The latest delivery of each of the given reports (reports never sent are absent). */
    public Map<Long, Delivery> latestOf(Collection<Long> reportIds) {
        Map<Long, Delivery> latest = new LinkedHashMap<>();
        if (reportIds.isEmpty()) {
            return latest;
        }
        jdbc.sql("select distinct on (report_id) " + COLUMNS
                        + " from report_delivery where report_id = any(?) order by report_id, id desc")
                .param(reportIds.toArray(Long[]::new))
                .query(DeliveryQueue::delivery)
                .list()
                .forEach(delivery -> latest.put(delivery.reportId(), delivery));
        return latest;
    }

    /** Deliveries, newest first, in the given state when one is named. */
    public List<Delivery> list(@Nullable String state, int limit) {
        List<Object> params = new ArrayList<>();
        String where = "";
        if (state != null) {
            where = " where state = ?";
            params.add(state);
        }
        params.add(limit);
        return jdbc.sql("select " + COLUMNS + " from report_delivery" + where + " order by id desc limit ?")
                .params(params)
                .query(DeliveryQueue::delivery)
                .list();
    }

    /**
     * Queues a failed or dead-lettered delivery again, as a new message (a new MSH-10: the HIS may answer a control id
     * it refused with the same refusal), in the caller's transaction.
     *
     * @return the delivery after the change, empty when there is no such delivery
     * @throws DeliveryStateException when it is not failed or dead-lettered, or a later version of its report has been
     *     queued since (that one supersedes it)
     */
    public Optional<Delivery> resend(long id) {
        Optional<Delivery> found = jdbc.sql("select " + COLUMNS + " from report_delivery where id = ? for update")
                .param(id)
                .query(DeliveryQueue::delivery)
                .optional();
        if (found.isEmpty()) {
            return found;
        }
        Delivery delivery = found.get();
        if (!Delivery.FAILED.equals(delivery.state()) && !Delivery.DEAD_LETTERED.equals(delivery.state())) {
            throw new DeliveryStateException("delivery " + id + " is " + delivery.state()
                    + ": only a failed or dead-lettered delivery is resent");
        }
        boolean superseded = jdbc.sql("""
                        select exists (select 1 from report_delivery
                                        where report_id = ? and report_version > ? and state in ('pending', 'delivered'))
                        """)
                .params(delivery.reportId(), delivery.reportVersion())
                .query(Boolean.class)
                .single();
        if (superseded) {
            throw new DeliveryStateException("a later version of report " + delivery.reportId()
                    + " has been sent since; it supersedes delivery " + id);
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        update report_delivery set state = 'pending', attempts = 0, next_attempt_at = ?, control_id = null,
                               message = null, ack_code = null, last_error = null, updated_at = ?, created_at = created_at
                         where id = ?
                        """).params(now, now, id).update();
        wakeAfterCommit();
        return find(id);
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        Timestamp delivered = rs.getTimestamp("delivered_at");
        String state = rs.getString("state");
        return new Delivery(
                rs.getLong("id"),
                rs.getLong("report_id"),
                rs.getInt("report_version"),
                rs.getString("result_status"),
                rs.getString("site"),
                state,
                rs.getInt("attempts"),
                Delivery.PENDING.equals(state) && next != null ? next.toInstant() : null,
                rs.getString("destination"),
                rs.getString("control_id"),
                rs.getString("ack_code"),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                delivered == null ? null : delivered.toInstant());
    }
}
