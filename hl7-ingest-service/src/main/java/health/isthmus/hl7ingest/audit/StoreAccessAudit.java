package health.isthmus.hl7ingest.audit;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.audit.HttpAccessAudit;
import health.isthmus.platform.outbox.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit records of the message store's readers: who searched, viewed or replayed which messages, from
 * where. Each record is committed before the answer is sent, so no access goes unrecorded.
 */
@Component
public class StoreAccessAudit {

    private static final String SOURCE_ID = "hl7-ingest-service";

    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public StoreAccessAudit(EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A user read one stored message (patient data in full). */
    public void viewed(long messageId, String controlId, String patientKey, HttpServletRequest request) {
        record(
                AuditCodes.PATIENT_RECORD,
                "view HL7 message",
                AuditAction.R,
                request,
                objects(messageId, controlId, patientKey));
    }

    /** A user was refused a stored message outside its sites, answered as if it did not exist. */
    public void viewRefused(
            long messageId, String controlId, String patientKey, String reason, HttpServletRequest request) {
        record(
                AuditCodes.PATIENT_RECORD,
                "view HL7 message",
                AuditAction.R,
                AuditOutcome.MINOR_FAILURE,
                reason,
                request,
                objects(messageId, controlId, patientKey));
    }

    /** A user had a stored message's event published again. */
    public void replayed(long messageId, String controlId, String patientKey, HttpServletRequest request) {
        record(
                AuditCodes.PATIENT_RECORD,
                "replay HL7 message",
                AuditAction.E,
                request,
                objects(messageId, controlId, patientKey));
    }

    /** A user searched the store; the query's criteria are recorded, and the patients it returned. */
    public void searched(String criteria, List<String> patientKeys, HttpServletRequest request) {
        List<AuditObject> objects = new java.util.ArrayList<>();
        objects.add(new AuditObject(AuditObject.Type.QUERY, criteria, "query", null));
        patientKeys.stream()
                .filter(key -> !key.isBlank())
                .distinct()
                .forEach(key -> objects.add(new AuditObject(AuditObject.Type.PATIENT, key, "MR", null)));
        record(AuditCodes.QUERY, "search HL7 messages", AuditAction.E, request, objects);
    }

    private static List<AuditObject> objects(long messageId, String controlId, String patientKey) {
        List<AuditObject> objects = new java.util.ArrayList<>();
        if (!patientKey.isBlank()) {
            objects.add(new AuditObject(AuditObject.Type.PATIENT, patientKey, "MR", null));
        }
        objects.add(new AuditObject(AuditObject.Type.MESSAGE, controlId, "MSH-10", "message " + messageId));
        return objects;
    }

    private void record(
            CodedValue event, String what, AuditAction action, HttpServletRequest request, List<AuditObject> objects) {
        record(event, what, action, AuditOutcome.SUCCESS, null, request, objects);
    }

    private void record(
            CodedValue event,
            String what,
            AuditAction action,
            AuditOutcome outcome,
            @Nullable String failure,
            HttpServletRequest request,
            List<AuditObject> objects) {
        AuditEventRecorded record = HttpAccessAudit.record(
                SOURCE_ID, event, what, action, outcome, failure, objects, request, clock.instant());
        transactions.executeWithoutResult(status -> events.publish(record));
    }
}
