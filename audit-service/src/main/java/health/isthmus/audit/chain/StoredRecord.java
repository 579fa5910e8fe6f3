package health.isthmus.audit.chain;

import health.isthmus.events.audit.AuditEventRecorded;
import java.time.Instant;

/**
 * One record of the trail, as read back from its hashed canonical text.
 *
 * @param sequence its place in the chain
 * @param eventId the event id it was published with
 * @param recordedAt when audit-service stored it
 * @param record the record as its producer published it
 */
public record StoredRecord(long sequence, String eventId, Instant recordedAt, AuditEventRecorded record) {}
