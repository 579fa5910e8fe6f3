package health.isthmus.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.audit.chain.StoredRecord;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One record of the trail as the API shows it: its place in the chain, then the record as published. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEventView(
        long sequence,
        String eventId,
        Instant recordedAt,
        CodedValue event,
        List<CodedValue> eventTypes,
        AuditAction action,
        Instant occurredAt,
        AuditOutcome outcome,
        @Nullable String outcomeDescription,
        List<AuditParticipant> participants,
        AuditSource source,
        List<AuditObject> objects,
        @Nullable String correlationId) {

    static AuditEventView of(StoredRecord stored) {
        var record = stored.record();
        return new AuditEventView(
                stored.sequence(),
                stored.eventId(),
                stored.recordedAt(),
                record.event(),
                record.eventTypes(),
                record.action(),
                record.occurredAt(),
                record.outcome(),
                record.outcomeDescription(),
                record.participants(),
                record.source(),
                record.objects(),
                record.correlationId());
    }

    /**
     * A page of the trail.
     *
     * @param events the records, newest first
     * @param limit the page size asked for
     * @param offset how many matching records came before this page
     * @param nextOffset the offset of the next page, absent on the last page
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(
            List<AuditEventView> events,
            int limit,
            long offset,
            @Nullable Long nextOffset) {}
}
