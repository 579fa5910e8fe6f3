package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where an HL7 fact came from: the stored message it was read from.
 *
 * @param messageId id of the stored message in hl7-ingest-service
 * @param sendingApplication MSH-3
 * @param sendingFacility MSH-4, which names the site
 * @param controlId MSH-10
 * @param triggerEvent MSH-9 trigger, for example {@code A04}
 * @param receivedAt when the message was committed
 * @param site the site the sender speaks for (configured, or named after MSH-4 for an unknown sender
 *     accepted by policy); absent in events published before sites were recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hl7Origin(
        long messageId,
        String sendingApplication,
        String sendingFacility,
        String controlId,
        String triggerEvent,
        Instant receivedAt,
        @Nullable String site) {}
