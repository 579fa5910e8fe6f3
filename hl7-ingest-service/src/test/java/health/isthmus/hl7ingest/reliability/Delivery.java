package health.isthmus.hl7ingest.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the sender got for one message.
 *
 * @param message what was sent
 * @param ackCode MSA-1 of the answer, null when no answer came before the sender's deadline
 * @param acknowledgedControlId MSA-2 of the answer
 * @param attempts how many times the message went on the wire (more than one: resent)
 * @param latency from the last send to its answer
 * @param answeredAt when the answer came
 */
record Delivery(
        TestMessage message,
        @Nullable String ackCode,
        @Nullable String acknowledgedControlId,
        int attempts,
        Duration latency,
        Instant answeredAt) {

    boolean answered() {
        return ackCode != null;
    }

    /** AA for this very message. */
    boolean accepted() {
        return "AA".equals(ackCode) && message.controlId().equals(acknowledgedControlId);
    }

    boolean resent() {
        return attempts > 1;
    }

    /** Control ids of the deliveries that match, in sending order: what a failure message names. */
    static List<String> controlIds(Map<String, Delivery> deliveries, Predicate<Delivery> matching) {
        return deliveries.values().stream()
                .filter(matching)
                .map(delivery -> delivery.message().controlId())
                .toList();
    }

    /** {@code MSH-3|MSH-4|MSH-10} of the deliveries that match. */
    static Set<String> messageKeys(Map<String, Delivery> deliveries, Predicate<Delivery> matching) {
        return deliveries.values().stream()
                .filter(matching)
                .map(delivery -> delivery.message().key())
                .collect(Collectors.toSet());
    }
}
