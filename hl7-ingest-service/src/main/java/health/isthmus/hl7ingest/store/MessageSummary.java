package health.isthmus.hl7ingest.store;

import java.time.Instant;

/** A stored message without its content: what a search lists. */
public record MessageSummary(
        long id,
        Instant receivedAt,
        String sendingApplication,
        String sendingFacility,
        String messageType,
        String triggerEvent,
        String controlId,
        String version,
        String acknowledgmentCode,
        String patient) {}
