package health.isthmus.hl7ingest.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** The HL7 ACK promises both reliability tests check, each failure naming the control ids that broke it. */
final class IngestPromises {

    private IngestPromises() {}

    /** Every message was answered before the sender gave up, with AA for its own control id. */
    static void everyMessageAccepted(Map<String, Delivery> deliveries, String situation) {
        assertThat(Delivery.controlIds(deliveries, delivery -> !delivery.answered()))
                .as("messages never answered before the sender's deadline (%s)", situation)
                .isEmpty();
        assertThat(Delivery.controlIds(deliveries, delivery -> !delivery.accepted()))
                .as("valid messages not answered AA for their own control id (%s)", situation)
                .isEmpty();
    }

    /**
     * An AA means committed: every AA'd message is in the store with ACK code AA, and no message is stored twice
     * under its MSH-3, MSH-4, MSH-10.
     *
     * @param stored ACK codes of the stored rows by message key
     */
    static void acceptedMessagesStoredOnce(Map<String, Delivery> deliveries, Map<String, List<String>> stored) {
        assertThat(Delivery.controlIds(
                        deliveries,
                        delivery -> delivery.accepted()
                                && !stored.containsKey(delivery.message().key())))
                .as("AA'd messages missing from the store")
                .isEmpty();
        assertThat(Delivery.controlIds(
                        deliveries,
                        delivery -> stored.getOrDefault(delivery.message().key(), List.of())
                                        .size()
                                > 1))
                .as("messages stored more than once")
                .isEmpty();
        assertThat(Delivery.controlIds(
                        deliveries,
                        delivery -> delivery.accepted()
                                && !stored.get(delivery.message().key()).equals(List.of("AA"))))
                .as("AA'd messages stored with another ACK code")
                .isEmpty();
    }
}
