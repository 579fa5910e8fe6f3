package health.isthmus.dicomweb.audit;

import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.audit.HttpAccessAudit;
import health.isthmus.platform.audit.ReadAuditCommit;
import health.isthmus.platform.outbox.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Publishes the archive's audit records to the audit topic through the outbox, so each record commits (or not) with
 * what it describes. Every method joins the caller's transaction.
 */
@Component
public class ArchiveAudit {

    /** The source id of every record. */
    public static final String SOURCE_ID = "dicomweb-service";

    private final EventPublisher events;
    private final ReadAuditCommit readCommit;
    private final Clock clock;

    public ArchiveAudit(EventPublisher events, ReadAuditCommit readCommit, Clock clock) {
        this.events = events;
        this.readCommit = readCommit;
        this.clock = clock;
    }

    /**
     * An instance received (DICOM Instances Transferred, 110104, action C), stored or refused.
     *
     * @param via DIMSE or STOW
     * @param sender the calling AE title or the token's subject
     * @param remoteAddress the sender's address
     * @param studyInstanceUid the instance's study, when readable
     * @param sopInstanceUid the instance, when readable
     * @param study the study as filed, when the instance was indexed
     * @param failure why it was refused, or null when stored
     */
    public void instanceReceived(
            String via,
            String sender,
            @Nullable String remoteAddress,
            @Nullable String studyInstanceUid,
            @Nullable String sopInstanceUid,
            @Nullable ArchivedStudy study,
            @Nullable String failure) {
        List<AuditObject> objects = new ArrayList<>(studyObjects(study));
        if (study == null && studyInstanceUid != null) {
            objects.add(new AuditObject(AuditObject.Type.STUDY, studyInstanceUid, "StudyInstanceUID", null));
        }
        if (sopInstanceUid != null) {
            objects.add(new AuditObject(AuditObject.Type.STUDY, sopInstanceUid, "SOPInstanceUID", "instance"));
        }
        events.publish(new AuditEventRecorded(
                AuditCodes.INSTANCES_TRANSFERRED,
                List.of(
                        "DIMSE".equals(via)
                                ? new CodedValue("C-STORE", "Storage", "DIMSE")
                                : new CodedValue("STOW-RS", "Store instances", "DICOMweb")),
                AuditAction.C,
                clock.instant(),
                failure == null ? AuditOutcome.SUCCESS : AuditOutcome.MINOR_FAILURE,
                failure,
                List.of(
                        new AuditParticipant(sender, null, true, remoteAddress, List.of("Source")),
                        new AuditParticipant(SOURCE_ID, null, false, null, List.of("Destination"))),
                new AuditSource(SOURCE_ID, study == null ? null : study.site()),
                objects,
                MDC.get("correlationId")));
    }

    /**
     * A study filed anew by the archive itself (DICOM Instances Accessed, 110103, action U): re-filed after an MPI
     * event, or linked to or held against an order that arrived after its images.
     *
     * @param study the study after the change
     * @param reason REFILED, RECONCILED or HELD
     * @param cause the event that caused it (its wire type and, for MPI events, the MPI's reference)
     */
    public void studyFiledAnew(ArchivedStudy study, String reason, String cause) {
        List<AuditObject> objects = new ArrayList<>(studyObjects(study));
        objects.add(new AuditObject(AuditObject.Type.MESSAGE, cause, "cause", null));
        events.publish(new AuditEventRecorded(
                AuditCodes.INSTANCES_ACCESSED,
                List.of(new CodedValue(reason, "Study filed anew", "isthmus")),
                AuditAction.U,
                clock.instant(),
                AuditOutcome.SUCCESS,
                null,
                List.of(new AuditParticipant(SOURCE_ID, null, true, null, List.of("Application"))),
                new AuditSource(SOURCE_ID, study.site()),
                objects,
                MDC.get("correlationId")));
    }

    /**
     * An HTTP read of studies (QIDO-RS, WADO-RS, FHIR ImagingStudy, lists), by the request's authenticated user, in a
     * transaction that writes nothing else: it commits without waiting for the disk unless configured to
     * ({@link ReadAuditCommit}).
     */
    public void httpRead(
            CodedValue event,
            String what,
            AuditAction action,
            AuditOutcome outcome,
            @Nullable String outcomeDescription,
            List<AuditObject> objects,
            HttpServletRequest request) {
        readCommit.applyToCurrentTransaction();
        httpAccess(event, what, action, outcome, outcomeDescription, objects, request);
    }

    /** An HTTP access to studies (QIDO-RS, WADO-RS, admin REST), by the request's authenticated user. */
    public void httpAccess(
            CodedValue event,
            String what,
            AuditAction action,
            AuditOutcome outcome,
            @Nullable String outcomeDescription,
            List<AuditObject> objects,
            HttpServletRequest request) {
        events.publish(HttpAccessAudit.record(
                SOURCE_ID, event, what, action, outcome, outcomeDescription, objects, request, clock.instant()));
    }

    /** The patient and study objects of a study, for audit records. */
    public static List<AuditObject> studyObjects(@Nullable ArchivedStudy study) {
        if (study == null) {
            return List.of();
        }
        List<AuditObject> objects = new ArrayList<>();
        if (study.patient() != null) {
            objects.add(
                    new AuditObject(AuditObject.Type.PATIENT, study.patient().qualified(), "MR", null));
        }
        if (study.accessionNumber() != null) {
            objects.add(new AuditObject(AuditObject.Type.ORDER, study.accessionNumber(), "ACSN", null));
        }
        objects.add(new AuditObject(AuditObject.Type.STUDY, study.studyInstanceUid(), "StudyInstanceUID", null));
        return objects;
    }
}
