package health.isthmus.hl7ingest.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored message without its content: what a search lists.
 *
 * @param site the site its sender speaks for; null for a message stored before sites were recorded, until
 *     housekeeping fills it in
 */
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
        String patient,
        @Nullable String site) {}
