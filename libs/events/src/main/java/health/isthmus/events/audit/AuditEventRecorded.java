package health.isthmus.events.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.CodedValue;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One audited access to or change of patient data, shaped after a DICOM PS3.15 A.5 audit message so that
 * audit-service can export it over syslog unchanged in substance.
 *
 * @param event the event id, a DCM code such as {@code 110110} "Patient Record"
 * @param eventTypes finer classification, for example the HL7 message type {@code ADT^A04}
 * @param action create, read, update, delete or execute
 * @param occurredAt when it happened (UTC)
 * @param outcome how it ended
 * @param outcomeDescription why it failed, when it did; never patient data
 * @param participants who asked and who answered
 * @param source the recording service and site
 * @param objects the patients, orders, studies and messages concerned
 * @param correlationId the request's correlation id, when there was one
 */
@EventContract(type = "audit.AuditEventRecorded", version = 1, topic = AuditTopics.RECORD)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEventRecorded(
        CodedValue event,
        List<CodedValue> eventTypes,
        AuditAction action,
        Instant occurredAt,
        AuditOutcome outcome,
        @Nullable String outcomeDescription,
        List<AuditParticipant> participants,
        AuditSource source,
        List<AuditObject> objects,
        @Nullable String correlationId)
        implements IsthmusEvent {

    public AuditEventRecorded {
        eventTypes = List.copyOf(eventTypes);
        participants = List.copyOf(participants);
        objects = List.copyOf(objects);
    }

    /** The first patient concerned, so one patient's records stay in order; the source otherwise. */
    @Override
    @JsonIgnore
    public String partitionKey() {
        return objects.stream()
                .filter(object -> object.type() == AuditObject.Type.PATIENT)
                .map(AuditObject::id)
                .findFirst()
                .orElse(source.sourceId());
    }
}
