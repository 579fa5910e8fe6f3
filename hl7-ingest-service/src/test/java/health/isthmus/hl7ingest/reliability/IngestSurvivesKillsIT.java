package health.isthmus.hl7ingest.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RELIABILITY.md T1: 2,000 ADT and ORM messages over MLLP on four connections while the service is SIGKILLed five
 * times; the sender resends whatever is not ACKed within 5 s. Every AA'd message is stored once and becomes its event
 * on Kafka, and a resend gets the same answer without a second event.
 */
class IngestSurvivesKillsIT {

    private static final Logger log = LoggerFactory.getLogger(IngestSurvivesKillsIT.class);
    private static final int MESSAGES = 2_000;
    private static final int CONNECTIONS = 4;
    private static final int KILLS = 5;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    /** Six starts of the service take most of it; a loaded machine needs the margin. */
    private static final Duration SENDING_LIMIT = Duration.ofSeconds(240);

    @Test
    void everyAcceptedMessageIsStoredOnceAndPublishedThoughTheServiceIsKilledFiveTimes() throws Exception {
        Instant begin = Instant.now();
        List<TestMessage> messages = SampleTraffic.generate("T1-" + begin.toEpochMilli(), MESSAGES);
        try (IngestStack stack = IngestStack.start(getClass())) {
            Instant sendingStart = Instant.now();
            ResendingSender sender =
                    new ResendingSender(stack.mllpPort(), ACK_TIMEOUT, sendingStart.plus(SENDING_LIMIT));
            List<Duration> restarts = new ArrayList<>();
            CompletableFuture<Map<String, Delivery>> sending = sender.sendInBackground(messages, CONNECTIONS);
            for (int kill = 1; kill <= KILLS; kill++) {
                int threshold = MESSAGES * kill / (KILLS + 1);
                while (sender.answered() < threshold && !sending.isDone()) {
                    Thread.sleep(20);
                }
                if (sending.isDone()) {
                    break;
                }
                stack.killService();
                log.info("T1: kill {} of {} after {} answers", kill, KILLS, sender.answered());
                restarts.add(stack.startService());
            }
            Map<String, Delivery> deliveries =
                    sending.get(SENDING_LIMIT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            log.info(
                    "T1 sending: {} of {} messages answered ({} AA) in {} s after {} kills (restarts to MLLP port: {}),"
                            + " {} resends, {} messages answered only after a resend",
                    Delivery.controlIds(deliveries, Delivery::answered).size(),
                    MESSAGES,
                    Delivery.controlIds(deliveries, Delivery::accepted).size(),
                    Duration.between(sendingStart, Instant.now()).toSeconds(),
                    restarts.size(),
                    restarts.stream().map(d -> d.toMillis() + " ms").toList(),
                    sender.resends(),
                    Delivery.controlIds(deliveries, Delivery::resent).size());

            assertThat(restarts).as("kills made while messages were in flight").hasSize(KILLS);
            IngestPromises.everyMessageAccepted(deliveries, "service killed " + restarts.size() + " times");
            IngestPromises.acceptedMessagesStoredOnce(deliveries, stack.store().ackCodesByKey());

            try (DeliveredEvents events = stack.events()) {
                Set<String> accepted = Delivery.messageKeys(deliveries, Delivery::accepted);
                Instant drainStart = Instant.now();
                assertThat(events.awaitEventsOf(accepted, Duration.ofSeconds(60)))
                        .as("AA'd messages whose event never reached Kafka")
                        .isEmpty();
                Duration drain = Duration.between(drainStart, Instant.now());

                List<TestMessage> again = messagesToResend(deliveries);
                Map<String, Delivery> second = new ResendingSender(
                                stack.mllpPort(), ACK_TIMEOUT, Instant.now().plus(Duration.ofSeconds(60)))
                        .send(again, CONNECTIONS);
                assertThat(Delivery.controlIds(
                                second,
                                delivery -> !sameAnswer(
                                        deliveries.get(delivery.message().key()), delivery)))
                        .as("resent messages answered differently from the first time")
                        .isEmpty();
                Map<String, List<String>> storedAfter = stack.store().ackCodesByKey();
                assertThat(Delivery.controlIds(
                                second,
                                delivery -> storedAfter
                                                .getOrDefault(delivery.message().key(), List.of())
                                                .size()
                                        != 1))
                        .as("resent messages not stored exactly once")
                        .isEmpty();
                events.readFor(Duration.ofSeconds(5));
                assertThat(events.keysWithSecondEvent())
                        .as("messages that became a second, different event (new ce_id) on Kafka")
                        .isEmpty();

                log.info(
                        "T1 figures: {} messages on {} connections, {} kills, {} resends during the kills, {} resent"
                                + " again afterwards with the same answer; Kafka: {} records, {} duplicate copies"
                                + " (same ce_id), events all there {} ms after the last answer; wall time {} s",
                        MESSAGES,
                        CONNECTIONS,
                        restarts.size(),
                        sender.resends(),
                        again.size(),
                        events.records(),
                        events.duplicateCopies(),
                        drain.toMillis(),
                        Duration.between(begin, Instant.now()).toSeconds());
            }
        }
    }

    /** Every message that needed a resend during the kills, and every tenth of the others. */
    private static List<TestMessage> messagesToResend(Map<String, Delivery> deliveries) {
        List<TestMessage> again = new ArrayList<>();
        int i = 0;
        for (Delivery delivery : deliveries.values()) {
            if (delivery.resent() || i++ % 10 == 0) {
                again.add(delivery.message());
            }
        }
        return again;
    }

    private static boolean sameAnswer(Delivery first, Delivery again) {
        return again.answered() && Objects.equals(again.ackCode(), first.ackCode());
    }
}
