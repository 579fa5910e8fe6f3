package health.isthmus.worklist.audit;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.platform.audit.HttpAccessAudit;
import health.isthmus.platform.outbox.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records who read or changed which order of which patient. Changes from HL7 orders and MPI events are recorded in
 * the transaction that applies them; a user's reads in a transaction of their own, committed before the answer
 * leaves, and a user's changes in the change's transaction.
 */
@Component
public class WorklistAudit {

    /** The audit source id of this service. */
    public static final String SOURCE_ID = "worklist-service";

    private static final Map<String, String> ORDER_MESSAGES =
            Map.of("O01", "ORM^O01", "O23", "OMI^O23", "O19", "OMG^O19");

    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public WorklistAudit(EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * An order of one patient the hospital's systems placed, changed or cancelled with an HL7 message.
     *
     * @param accessionNumber the order's accession number (its placer order number when it has none)
     */
    public void orderMessage(
            Hl7Origin origin,
            String what,
            AuditAction action,
            PatientIdentifier patient,
            String accessionNumber,
            AuditOutcome outcome,
            @Nullable String site) {
        String messageType = ORDER_MESSAGES.getOrDefault(origin.triggerEvent(), origin.triggerEvent());
        List<AuditObject> objects = new ArrayList<>();
        objects.add(patientObject(patient));
        objects.add(new AuditObject(AuditObject.Type.ORDER, accessionNumber, "ACSN", null));
        objects.add(new AuditObject(AuditObject.Type.MESSAGE, origin.controlId(), "MSH-10", messageType));
        events.publish(new AuditEventRecorded(
                AuditCodes.ORDER_RECORD,
                List.of(new CodedValue(messageType, what, "HL7v2")),
                action,
                clock.instant(),
                outcome,
                outcome == AuditOutcome.SUCCESS ? null : what,
                List.of(
                        new AuditParticipant(
                                origin.sendingApplication() + "|" + origin.sendingFacility(),
                                null,
                                true,
                                null,
                                List.of("Source")),
                        destination()),
                new AuditSource(SOURCE_ID, site),
                objects,
                MDC.get("correlationId")));
    }

    /** A step of one patient the worklist changed to follow the MPI (demographics, merge, link, unlink). */
    public void identityChange(
            String eventType, MpiCause cause, PatientIdentifier patient, String accessionNumber, String site) {
        events.publish(new AuditEventRecorded(
                AuditCodes.ORDER_RECORD,
                List.of(new CodedValue(eventType, "patient of the order changed by the MPI", "ISTHMUS")),
                AuditAction.U,
                clock.instant(),
                AuditOutcome.SUCCESS,
                null,
                List.of(
                        new AuditParticipant("patient-identity-service", cause.actor(), true, null, List.of("Source")),
                        destination()),
                new AuditSource(SOURCE_ID, site),
                List.of(
                        patientObject(patient),
                        new AuditObject(AuditObject.Type.ORDER, accessionNumber, "ACSN", cause.reference())),
                MDC.get("correlationId")));
    }

    /**
     * A user's read, search or change through REST or FHIR.
     *
     * @param event {@link AuditCodes#ORDER_RECORD} for reads and changes of steps, {@link AuditCodes#QUERY} for
     *     searches
     * @param patients the patients of the steps read or changed
     * @param accessionNumbers the accession numbers of those steps
     * @param query the search criteria as the client sent them, for searches
     */
    public void userAccess(
            CodedValue event,
            String what,
            AuditAction action,
            List<PatientIdentifier> patients,
            List<String> accessionNumbers,
            @Nullable String query,
            AuditOutcome outcome,
            HttpServletRequest request) {
        List<AuditObject> objects = new ArrayList<>();
        if (query != null) {
            objects.add(new AuditObject(AuditObject.Type.QUERY, query, "query", null));
        }
        patients.stream().distinct().forEach(patient -> objects.add(patientObject(patient)));
        accessionNumbers.stream()
                .distinct()
                .forEach(accession -> objects.add(new AuditObject(AuditObject.Type.ORDER, accession, "ACSN", null)));
        AuditEventRecorded record = HttpAccessAudit.record(
                SOURCE_ID, event, what, action, outcome, null, objects, request, clock.instant());
        transactions.executeWithoutResult(status -> events.publish(record));
    }

    private static AuditParticipant destination() {
        return new AuditParticipant(SOURCE_ID, null, false, null, List.of("Destination"));
    }

    private static AuditObject patientObject(PatientIdentifier patient) {
        return new AuditObject(
                AuditObject.Type.PATIENT,
                patient.qualified(),
                patient.typeCode() == null ? "MR" : patient.typeCode(),
                null);
    }
}
