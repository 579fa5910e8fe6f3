package health.isthmus.worklist.mpps;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.worklist.ProcedureStep;
import health.isthmus.platform.outbox.EventPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Records each performed procedure step a modality creates or changes (Procedure Record, 110111). */
@Component
public class MppsAudit {

    private static final String SOURCE_ID = "worklist-service";

    private final EventPublisher events;
    private final Clock clock;

    public MppsAudit(EventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Joins the caller's transaction; {@code remoteAddress} is the modality's, as the association saw it. */
    void change(
            String callingAeTitle,
            @Nullable String remoteAddress,
            String mppsUid,
            @Nullable ProcedureStep step,
            boolean created) {
        List<AuditObject> objects = new ArrayList<>();
        if (step != null) {
            objects.add(new AuditObject(AuditObject.Type.PATIENT, step.patient().qualified(), "MR", null));
            objects.add(new AuditObject(
                    AuditObject.Type.ORDER, step.site() + "|" + step.accessionNumber(), "ACSN", step.status()));
        }
        objects.add(new AuditObject(AuditObject.Type.STUDY, mppsUid, "MPPS SOP Instance UID", null));
        events.publish(new AuditEventRecorded(
                AuditCodes.PROCEDURE_RECORD,
                List.of(new CodedValue(created ? "N-CREATE" : "N-SET", "Modality Performed Procedure Step", "DIMSE")),
                created ? AuditAction.C : AuditAction.U,
                clock.instant(),
                AuditOutcome.SUCCESS,
                null,
                List.of(new AuditParticipant(callingAeTitle, null, true, remoteAddress, List.of("Source"))),
                new AuditSource(SOURCE_ID, step == null ? null : step.site()),
                objects,
                null));
    }
}
