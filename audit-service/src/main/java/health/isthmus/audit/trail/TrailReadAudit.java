package health.isthmus.audit.trail;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.audit.HttpAccessAudit;
import health.isthmus.platform.outbox.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audits the auditors: every read of the trail (REST or FHIR, answered or refused as bad input) is published as an
 * audit record through the platform's outbox, committed before the answer leaves, and comes back through Kafka into
 * the chain like any other service's record.
 */
@Component
public class TrailReadAudit {

    /** The audit source id of this service. */
    public static final String SOURCE_ID = "audit-service";

    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public TrailReadAudit(EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Records one read.
     *
     * @param what the read in words, for example {@code search audit trail}
     * @param query the criteria as the caller gave them
     * @param patient the patient searched for, when one was
     */
    public void read(
            String what,
            @Nullable String query,
            @Nullable String patient,
            AuditOutcome outcome,
            HttpServletRequest request) {
        List<AuditObject> objects = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            objects.add(new AuditObject(AuditObject.Type.QUERY, query, "query", null));
        }
        if (patient != null) {
            objects.add(new AuditObject(AuditObject.Type.PATIENT, patient, patient.contains("|") ? "MR" : "ID", null));
        }
        var record = HttpAccessAudit.record(
                SOURCE_ID,
                AuditCodes.QUERY,
                what,
                AuditAction.R,
                outcome,
                outcome == AuditOutcome.SUCCESS ? null : what,
                objects,
                request,
                clock.instant());
        transactions.executeWithoutResult(status -> events.publish(record));
    }
}
