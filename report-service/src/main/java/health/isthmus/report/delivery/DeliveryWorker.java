package health.isthmus.report.delivery;

import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.report.ReportDelivered;
import health.isthmus.events.report.ReportDeliveryFailed;
import health.isthmus.events.report.ReportSummary;
import health.isthmus.platform.outbox.EventPublisher;
import health.isthmus.report.audit.ReportAudit;
import health.isthmus.report.order.OrderBook;
import health.isthmus.report.order.ReportOrder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued ORUs to the HIS, one patient's in order, and waits for each acknowledgment: AA (or CA) delivers; AE,
 * AR (or CE, CR) fail the delivery with the HIS's reason and are not retried; a connection that fails, a timeout or a
 * reply that is no acknowledgment of this message is tried again after a backoff that doubles up to its bound, and
 * after the last try the delivery is dead-lettered. Outcomes are stored with their event and audit record in one
 * transaction.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCH = 20;

    private final DeliveryQueue queue;
    private final DeliverySignal signal;
    private final OruMessages messages;
    private final HisSender sender;
    private final OrderBook orders;
    private final EventPublisher events;
    private final ReportAudit audit;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final DeliveryProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile @Nullable Thread thread;

    DeliveryWorker(
            DeliveryQueue queue,
            DeliverySignal signal,
            OruMessages messages,
            HisSender sender,
            OrderBook orders,
            EventPublisher events,
            ReportAudit audit,
            TransactionTemplate transactions,
            JdbcClient jdbc,
            DeliveryProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.queue = queue;
        this.signal = signal;
        this.messages = messages;
        this.sender = sender;
        this.orders = orders;
        this.events = events;
        this.audit = audit;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            // assigned before it starts: the loop runs while it is the worker, and a thread scheduled before the
            // assignment would otherwise find itself not the worker and end at once, leaving deliveries unsent
            Thread worker = Thread.ofPlatform().daemon().name("report-delivery").unstarted(this::run);
            thread = worker;
            worker.start();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                drain();
                signal.await(properties.pollInterval());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("report delivery round failed; trying again", e);
                try {
                    Thread.sleep(properties.pollInterval());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Sends every due delivery; returns when none is due. */
    void drain() {
        while (true) {
            Instant now = clock.instant();
            Instant lease = now.plus(properties.ackTimeout().multipliedBy(2)).plusSeconds(5);
            List<DeliveryQueue.Claimed> claimed = transactions.execute(status -> queue.claimDue(now, lease, BATCH));
            if (claimed == null || claimed.isEmpty()) {
                return;
            }
            for (DeliveryQueue.Claimed delivery : claimed) {
                MDC.put("deliveryId", String.valueOf(delivery.id()));
                try {
                    process(delivery);
                } finally {
                    MDC.remove("deliveryId");
                    MDC.remove("hl7ControlId");
                }
            }
        }
    }

    private void process(DeliveryQueue.Claimed delivery) {
        Facts facts = facts(delivery);
        String destination = properties.endpointOf(facts.site());
        String controlId = delivery.controlId();
        String message = delivery.message();
        if (message == null || controlId == null) {
            Optional<ReportOrder> order =
                    facts.site() == null ? Optional.empty() : orders.find(facts.site(), facts.accessionNumber());
            if (order.isEmpty()) {
                notSent(
                        delivery,
                        facts,
                        destination,
                        null,
                        "no order is known for accession number "
                                + facts.accessionNumber() + (facts.site() == null ? "" : " at " + facts.site())
                                + ": the ORU needs the order's patient and order numbers");
                return;
            }
            controlId = messages.newControlId();
            message = messages.build(new OruContent(
                    controlId,
                    clock.instant(),
                    order.get(),
                    delivery.reportId(),
                    delivery.reportVersion(),
                    facts.text(),
                    delivery.resultStatus(),
                    facts.signer(),
                    facts.signedAt()));
            String id = controlId;
            String built = message;
            transactions.executeWithoutResult(status -> queue.saveMessage(delivery.id(), id, built));
        }
        MDC.put("hl7ControlId", controlId);
        byte[] reply;
        try {
            reply = sender.send(destination, message);
        } catch (IOException e) {
            notSent(delivery, facts, destination, controlId, "no acknowledgment from " + destination + ": " + e);
            return;
        }
        HisAcknowledgment ack;
        try {
            ack = HisAcknowledgment.parse(reply);
        } catch (IllegalArgumentException e) {
            notSent(delivery, facts, destination, controlId, destination + " answered: " + e.getMessage());
            return;
        }
        if (!controlId.equals(ack.controlId())) {
            notSent(
                    delivery,
                    facts,
                    destination,
                    controlId,
                    destination + " acknowledged control id '" + ack.controlId() + "', not " + controlId);
            return;
        }
        Instant now = clock.instant();
        String sentId = controlId;
        if (ack.accepted()) {
            transactions.executeWithoutResult(status -> {
                queue.delivered(delivery.id(), destination, ack.code(), now);
                events.publish(new ReportDelivered(
                        summary(delivery, facts),
                        delivery.id(),
                        destination,
                        sentId,
                        delivery.resultStatus(),
                        delivery.attempts(),
                        now));
                audit.delivery(
                        "report sent to the HIS and acknowledged (" + ack.code() + ")",
                        facts.patient(),
                        facts.accessionNumber(),
                        sentId,
                        destination,
                        AuditOutcome.SUCCESS,
                        facts.site());
            });
            meters.counter("isthmus.report.deliveries.finished", "outcome", "delivered")
                    .increment();
            log.info(
                    "report {} version {} delivered to {}", delivery.reportId(), delivery.reportVersion(), destination);
            return;
        }
        String reason = ack.reason() == null ? "the HIS answered " + ack.code() + " without a reason" : ack.reason();
        giveUp(delivery, facts, destination, sentId, Delivery.FAILED, ack.code(), reason);
    }

    // a try that got no usable answer: try again after the backoff, or dead-letter after the last try
    private void notSent(
            DeliveryQueue.Claimed delivery, Facts facts, String destination, @Nullable String controlId, String error) {
        if (delivery.attempts() >= properties.maxAttempts()) {
            giveUp(
                    delivery,
                    facts,
                    destination,
                    controlId,
                    Delivery.DEAD_LETTERED,
                    null,
                    error + " (" + delivery.attempts() + " tries)");
            return;
        }
        Instant now = clock.instant();
        Instant next = now.plus(properties.backoffAfter(delivery.attempts()));
        transactions.executeWithoutResult(status -> queue.retryLater(delivery.id(), destination, error, next, now));
        log.info(
                "report {} delivery {} try {} failed; next try at {}: {}",
                delivery.reportId(),
                delivery.id(),
                delivery.attempts(),
                next,
                error);
    }

    private void giveUp(
            DeliveryQueue.Claimed delivery,
            Facts facts,
            String destination,
            @Nullable String controlId,
            String state,
            @Nullable String ackCode,
            String reason) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            queue.failed(delivery.id(), state, destination, ackCode, reason, now);
            events.publish(new ReportDeliveryFailed(
                    summary(delivery, facts),
                    delivery.id(),
                    destination,
                    controlId,
                    delivery.resultStatus(),
                    state,
                    ackCode,
                    reason,
                    delivery.attempts(),
                    now));
            audit.delivery(
                    Delivery.FAILED.equals(state)
                            ? "report refused by the HIS (" + ackCode + ")"
                            : "report not acknowledged by the HIS; dead-lettered",
                    facts.patient(),
                    facts.accessionNumber(),
                    controlId == null ? "(not built)" : controlId,
                    destination,
                    AuditOutcome.SERIOUS_FAILURE,
                    facts.site());
        });
        meters.counter("isthmus.report.deliveries.finished", "outcome", state).increment();
        log.warn("report {} delivery {} {}: {}", delivery.reportId(), delivery.id(), state, reason);
    }

    private static ReportSummary summary(DeliveryQueue.Claimed delivery, Facts facts) {
        return new ReportSummary(
                delivery.reportId(),
                delivery.reportVersion(),
                facts.site(),
                facts.accessionNumber(),
                facts.studyInstanceUid(),
                facts.patient(),
                facts.euid(),
                facts.status());
    }

    /** The report as the delivered version has it. */
    private record Facts(
            @Nullable String site,
            String accessionNumber,
            @Nullable String studyInstanceUid,
            @Nullable PatientIdentifier patient,
            @Nullable UUID euid,
            String status,
            String text,
            @Nullable String signer,
            @Nullable Instant signedAt) {}

    private Facts facts(DeliveryQueue.Claimed delivery) {
        return jdbc.sql("""
                        select r.site, r.accession_number, r.study_instance_uid, r.patient_id, r.issuer_of_patient_id,
                               r.euid, v.status, v.text, v.changed_by, v.changed_at
                          from report r join report_version v on v.report_id = r.id and v.version = ?
                         where r.id = ?
                        """)
                .params(delivery.reportVersion(), delivery.reportId())
                .query((rs, row) -> {
                    String patientId = rs.getString("patient_id");
                    Timestamp at = rs.getTimestamp("changed_at");
                    return new Facts(
                            rs.getString("site"),
                            rs.getString("accession_number"),
                            rs.getString("study_instance_uid"),
                            patientId == null
                                    ? null
                                    : new PatientIdentifier(patientId, rs.getString("issuer_of_patient_id"), null),
                            rs.getObject("euid", UUID.class),
                            rs.getString("status"),
                            rs.getString("text"),
                            rs.getString("changed_by"),
                            at == null ? null : at.toInstant());
                })
                .single();
    }
}
