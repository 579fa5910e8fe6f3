package health.isthmus.report.audit;

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
import health.isthmus.platform.audit.HttpAccessAudit;
import health.isthmus.platform.outbox.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records who read or changed which report of which patient. A user's changes are recorded in the change's
 * transaction, a user's reads in a transaction of their own committed before the answer leaves; external reports and
 * deliveries to the HIS in the transaction that stores their outcome.
 */
@Component
public class ReportAudit {

    /** The audit source id of this service. */
    public static final String SOURCE_ID = "report-service";

    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ReportAudit(EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * A user's read, search or change through REST or FHIR. Joins the caller's transaction when there is one (a
     * change), else commits on its own (a read).
     *
     * @param event {@link AuditCodes#PROCEDURE_RECORD} for reports read or changed, {@link AuditCodes#QUERY} for
     *     searches
     * @param query the search criteria, for searches; the object looked for, for refusals
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
                SOURCE_ID,
                event,
                what,
                action,
                outcome,
                outcome == AuditOutcome.SUCCESS ? null : what,
                objects,
                request,
                clock.instant());
        transactions.executeWithoutResult(status -> events.publish(record));
    }

    /** A report another reporting system sent (ORU^R01 through hl7-ingest), stored or refused; in the caller's transaction. */
    public void externalReport(
            Hl7Origin origin,
            String what,
            AuditAction action,
            List<PatientIdentifier> patients,
            String accessionNumber,
            AuditOutcome outcome,
            @Nullable String site) {
        List<AuditObject> objects = new ArrayList<>();
        patients.stream().distinct().forEach(patient -> objects.add(patientObject(patient)));
        objects.add(new AuditObject(AuditObject.Type.ORDER, accessionNumber, "ACSN", null));
        objects.add(new AuditObject(AuditObject.Type.MESSAGE, origin.controlId(), "MSH-10", "ORU^R01"));
        events.publish(new AuditEventRecorded(
                AuditCodes.PROCEDURE_RECORD,
                List.of(new CodedValue("ORU^R01", what, "HL7v2")),
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
                        new AuditParticipant(SOURCE_ID, null, false, null, List.of("Destination"))),
                new AuditSource(SOURCE_ID, site),
                objects,
                MDC.get("correlationId")));
    }

    /** A report sent to the HIS as ORU^R01: acknowledged, refused or given up; in the caller's transaction. */
    public void delivery(
            String what,
            @Nullable PatientIdentifier patient,
            String accessionNumber,
            String controlId,
            String destination,
            AuditOutcome outcome,
            @Nullable String site) {
        List<AuditObject> objects = new ArrayList<>();
        if (patient != null) {
            objects.add(patientObject(patient));
        }
        objects.add(new AuditObject(AuditObject.Type.ORDER, accessionNumber, "ACSN", null));
        objects.add(new AuditObject(AuditObject.Type.MESSAGE, controlId, "MSH-10", "ORU^R01"));
        events.publish(new AuditEventRecorded(
                AuditCodes.PROCEDURE_RECORD,
                List.of(new CodedValue("ORU^R01", what, "HL7v2")),
                AuditAction.R,
                clock.instant(),
                outcome,
                outcome == AuditOutcome.SUCCESS ? null : what,
                List.of(
                        new AuditParticipant(SOURCE_ID, null, true, null, List.of("Source")),
                        new AuditParticipant(destination, null, false, destination, List.of("Destination"))),
                new AuditSource(SOURCE_ID, site),
                objects,
                MDC.get("correlationId")));
    }

    private static AuditObject patientObject(PatientIdentifier patient) {
        return new AuditObject(
                AuditObject.Type.PATIENT,
                patient.qualified(),
                patient.typeCode() == null ? "MR" : patient.typeCode(),
                null);
    }
}
