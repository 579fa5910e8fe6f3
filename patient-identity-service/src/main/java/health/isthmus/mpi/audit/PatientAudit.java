package health.isthmus.mpi.audit;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.platform.audit.HttpAccessAudit;
import health.isthmus.platform.outbox.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records who read or changed which patient in the MPI. Changes from HL7 are recorded in the transaction that
 * applies them; reads and changes through the API in a transaction of their own, committed before the answer
 * leaves (a change's record joins the change's transaction when one is active).
 */
@Component
public class PatientAudit {

    /** The audit source id of this service. */
    public static final String SOURCE_ID = "patient-identity-service";

    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public PatientAudit(EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A change (or a refused change) the hospital's systems asked for with an HL7 message. */
    public void hl7Change(
            Hl7Origin origin,
            String what,
            AuditAction action,
            Collection<PatientIdentifier> patients,
            @Nullable UUID euid,
            AuditOutcome outcome,
            @Nullable String outcomeDescription) {
        List<AuditObject> objects = patientObjects(patients, euid);
        objects.add(new AuditObject(
                AuditObject.Type.MESSAGE, origin.controlId(), "MSH-10", "ADT^" + origin.triggerEvent()));
        AuditEventRecorded record = new AuditEventRecorded(
                AuditCodes.PATIENT_RECORD,
                List.of(new CodedValue("ADT^" + origin.triggerEvent(), what, "HL7v2")),
                action,
                clock.instant(),
                outcome,
                outcomeDescription,
                List.of(
                        new AuditParticipant(
                                origin.sendingApplication() + "|" + origin.sendingFacility(),
                                null,
                                true,
                                null,
                                List.of("Source")),
                        new AuditParticipant(SOURCE_ID, null, false, null, List.of("Destination"))),
                new health.isthmus.events.audit.AuditSource(SOURCE_ID, origin.site()),
                objects,
                MDC.get("correlationId"));
        events.publish(record);
    }

    /**
     * A user's read, search or change through REST or FHIR.
     *
     * @param event {@link AuditCodes#PATIENT_RECORD} for reads and changes of records, {@link AuditCodes#QUERY}
     *     for searches
     * @param query the search criteria, for searches; never more than the client sent
     */
    public void userAccess(
            CodedValue event,
            String what,
            AuditAction action,
            Collection<PatientIdentifier> patients,
            Collection<UUID> euids,
            @Nullable String query,
            AuditOutcome outcome,
            HttpServletRequest request) {
        List<AuditObject> objects = new ArrayList<>();
        if (query != null) {
            objects.add(new AuditObject(AuditObject.Type.QUERY, query, "query", null));
        }
        objects.addAll(patientObjects(patients, null));
        euids.stream()
                .distinct()
                .forEach(euid -> objects.add(new AuditObject(AuditObject.Type.PATIENT, euid.toString(), "EUID", null)));
        AuditEventRecorded record = HttpAccessAudit.record(
                SOURCE_ID, event, what, action, outcome, null, objects, request, clock.instant());
        transactions.executeWithoutResult(status -> events.publish(record));
    }

    private static List<AuditObject> patientObjects(Collection<PatientIdentifier> patients, @Nullable UUID euid) {
        List<AuditObject> objects = new ArrayList<>();
        patients.stream()
                .distinct()
                .forEach(id -> objects.add(new AuditObject(
                        AuditObject.Type.PATIENT, id.qualified(), id.typeCode() == null ? "MR" : id.typeCode(), null)));
        if (euid != null) {
            objects.add(new AuditObject(AuditObject.Type.PATIENT, euid.toString(), "EUID", null));
        }
        return objects;
    }
}
