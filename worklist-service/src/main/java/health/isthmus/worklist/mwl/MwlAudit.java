package health.isthmus.worklist.mwl;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.outbox.EventPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each worklist query (DICOM audit event Query, 110112): the calling AE title and address, the matching
 * keys as sent, and the patients whose items were returned. Published through the outbox in a transaction of its
 * own, after the responses.
 */
@Component
public class MwlAudit {

    /** The audit source id of this service. */
    public static final String SOURCE_ID = "worklist-service";

    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public MwlAudit(EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A patient whose worklist item was returned. */
    public record Patient(String patientId, String issuerOfPatientId) {}

    public void query(
            String callingAeTitle,
            String calledAeTitle,
            String remoteAddress,
            Attributes identifier,
            Collection<Patient> returned,
            AuditOutcome outcome,
            @Nullable String outcomeDescription) {
        List<AuditObject> objects = new ArrayList<>();
        objects.add(new AuditObject(
                AuditObject.Type.QUERY, Uid.ModalityWorklistInformationModelFind, "SOP Class UID", keys(identifier)));
        returned.stream()
                .distinct()
                .forEach(patient -> objects.add(new AuditObject(
                        AuditObject.Type.PATIENT,
                        patient.issuerOfPatientId() + "|" + patient.patientId(),
                        "MR",
                        null)));
        AuditEventRecorded record = new AuditEventRecorded(
                AuditCodes.QUERY,
                List.of(new CodedValue("C-FIND", "Modality Worklist query", "DIMSE")),
                AuditAction.E,
                clock.instant(),
                outcome,
                outcomeDescription,
                List.of(
                        new AuditParticipant(callingAeTitle, null, true, remoteAddress, List.of("Source")),
                        new AuditParticipant(calledAeTitle, null, false, null, List.of("Destination"))),
                new AuditSource(SOURCE_ID, null),
                objects,
                null);
        transactions.executeWithoutResult(status -> events.publish(record));
    }

    /** The keys as sent, one {@code (gggg,eeee)=value} each, sequence items in brackets. */
    static String keys(Attributes identifier) {
        StringBuilder text = new StringBuilder();
        append(identifier, text);
        return text.toString();
    }

    private static void append(Attributes attributes, StringBuilder text) {
        for (int i = 0; i < attributes.size(); i++) {
            int tag = attributes.tagAt(i);
            if ((tag & 0xFFFF) == 0) {
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '[') {
                text.append(' ');
            }
            text.append(Tags.toString(tag));
            if (attributes.vrAt(i) == VR.SQ) {
                Sequence items = attributes.getSequence(tag);
                if (items != null && items.size() > 0) {
                    text.append('[');
                    append(items.get(0), text);
                    text.append(']');
                }
            } else {
                text.append('=').append(String.join("\\", attributes.stringsAt(i)));
            }
        }
    }
}
