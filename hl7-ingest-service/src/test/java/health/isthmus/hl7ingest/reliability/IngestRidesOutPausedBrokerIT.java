package health.isthmus.hl7ingest.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RELIABILITY.md T5: the Kafka broker is paused (SIGSTOP) for 30 s while 1,000 HL7 messages arrive. The service
 * answers AA only for what it committed, and once the broker resumes (SIGCONT) every stored message's event reaches
 * Kafka.
 */
class IngestRidesOutPausedBrokerIT {

    private static final Logger log = LoggerFactory.getLogger(IngestRidesOutPausedBrokerIT.class);
    private static final int MESSAGES = 1_000;
    private static final int CONNECTIONS = 4;
    private static final Duration PAUSE = Duration.ofSeconds(30);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void messagesArrivingWhileTheBrokerIsPausedAreAcknowledgedOnlyWhenStoredAndPublishedAfterIt() throws Exception {
        Instant begin = Instant.now();
        String prefix = "T5-" + begin.toEpochMilli();
        try (IngestStack stack = IngestStack.start(getClass())) {
            warmUp(stack, prefix);

            List<TestMessage> messages = SampleTraffic.generate(prefix, MESSAGES);
            ResendingSender sender = new ResendingSender(
                    stack.mllpPort(), ACK_TIMEOUT, Instant.now().plus(Duration.ofSeconds(120)));
            CompletableFuture<Map<String, Delivery>> sending;
            Instant pausedAt;
            Instant resumedAt;
            stack.broker().process().pause();
            try {
                pausedAt = Instant.now();
                sending = sender.sendInBackground(messages, CONNECTIONS);
                Thread.sleep(
                        Duration.between(Instant.now(), pausedAt.plus(PAUSE)).toMillis());
            } finally {
                stack.broker().process().resume();
                resumedAt = Instant.now();
            }
            Map<String, Delivery> deliveries = sending.get(150, TimeUnit.SECONDS);

            IngestPromises.everyMessageAccepted(deliveries, "broker paused");
            Map<String, List<String>> stored = stack.store().ackCodesByKey();
            IngestPromises.acceptedMessagesStoredOnce(deliveries, stored);

            Set<String> storedKeys = stored.keySet();
            try (DeliveredEvents events = stack.events()) {
                // the bound is the producer's delivery timeout (120 s) and the relay's margin, not a latency target:
                // after a paused broker comes back, Kafka's idempotent producer may answer its in-flight batches
                // OUT_OF_ORDER_SEQUENCE_NUMBER until they expire, and only then does the relay send them again
                assertThat(events.awaitEventsOf(storedKeys, Duration.ofSeconds(200)))
                        .as("stored messages whose event never reached Kafka after the broker resumed")
                        .isEmpty();
                Duration drain = Duration.between(resumedAt, Instant.now());

                List<Long> pausedLatencies = deliveries.values().stream()
                        .filter(delivery ->
                                delivery.answered() && delivery.answeredAt().isBefore(resumedAt))
                        .map(delivery -> delivery.latency().toMillis())
                        .sorted()
                        .toList();
                log.info(
                        "T5 figures: broker paused {} ms; {} of {} messages answered during the pause on {} connections"
                                + " (ACK latency ms during the pause: p50 {}, p95 {}, max {}), {} resends, sending done"
                                + " {} ms after the pause began; all {} stored messages' events on Kafka {} ms after"
                                + " SIGCONT ({} records, {} duplicate copies); wall time {} s",
                        Duration.between(pausedAt, resumedAt).toMillis(),
                        pausedLatencies.size(),
                        MESSAGES,
                        CONNECTIONS,
                        percentile(pausedLatencies, 50),
                        percentile(pausedLatencies, 95),
                        percentile(pausedLatencies, 100),
                        sender.resends(),
                        Duration.between(
                                        pausedAt,
                                        deliveries.values().stream()
                                                .map(Delivery::answeredAt)
                                                .max(Instant::compareTo)
                                                .orElse(pausedAt))
                                .toMillis(),
                        storedKeys.size(),
                        drain.toMillis(),
                        events.records(),
                        events.duplicateCopies(),
                        Duration.between(begin, Instant.now()).toSeconds());
            }
        }
    }

    /** A few messages through the running broker first, so topics exist and the service's producer is connected. */
    private static void warmUp(IngestStack stack, String prefix) throws InterruptedException {
        Map<String, Delivery> warmed = new ResendingSender(
                        stack.mllpPort(), ACK_TIMEOUT, Instant.now().plus(Duration.ofSeconds(30)))
                .send(SampleTraffic.generate(prefix + "-W", 8), 1);
        assertThat(Delivery.controlIds(warmed, delivery -> !delivery.accepted()))
                .as("warm-up messages not AA'd")
                .isEmpty();
        try (DeliveredEvents events = stack.events()) {
            assertThat(events.awaitEventsOf(Delivery.messageKeys(warmed, Delivery::accepted), Duration.ofSeconds(30)))
                    .as("warm-up messages whose event did not reach the running broker")
                    .isEmpty();
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
