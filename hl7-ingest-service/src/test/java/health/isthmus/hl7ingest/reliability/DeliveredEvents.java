package health.isthmus.hl7ingest.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the service published on its HL7 topics, read from the beginning by a consumer group of its own, and
 * grouped by the message each event came from ({@code origin}: MSH-3, MSH-4, MSH-10 of the event contract).
 */
final class DeliveredEvents implements AutoCloseable {

    static final List<String> TOPICS = List.of("hl7.patient.v1", "hl7.order.v1");

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonMapper json = JsonMapper.builder().build();
    /** message key -> event type -> ce_id of every copy read. */
    private final Map<String, Map<String, List<String>>> copies = new HashMap<>();

    private int records;

    DeliveredEvents(String bootstrapServers) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "reliability-check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(TOPICS);
    }

    /** Reads until every one of the keys has at least one event, or the timeout passes; returns the keys still missing. */
    Set<String> awaitEventsOf(Collection<String> keys, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> missing = new HashSet<>(keys);
        missing.removeAll(copies.keySet());
        while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                String key = add(record);
                missing.remove(key);
            }
        }
        return missing;
    }

    /** Reads whatever more arrives within the given time (to catch late duplicates or second events). */
    void readFor(Duration time) {
        Instant until = Instant.now().plus(time);
        while (Instant.now().isBefore(until)) {
            consumer.poll(Duration.ofMillis(250)).forEach(this::add);
        }
    }

    /** Records read in all. */
    int records() {
        return records;
    }

    /** Records that repeat an event already read (same {@code ce_id}): at-least-once delivery at work. */
    int duplicateCopies() {
        int distinct = copies.values().stream()
                .flatMap(byType -> byType.values().stream())
                .mapToInt(ids -> new HashSet<>(ids).size())
                .sum();
        return records - distinct;
    }

    /**
     * Keys of messages that became more than one event of a type (different {@code ce_id}s): a resend that the
     * service treated as a new message.
     */
    Set<String> keysWithSecondEvent() {
        Set<String> keys = new HashSet<>();
        copies.forEach((key, byType) -> byType.values().forEach(ids -> {
            if (new HashSet<>(ids).size() > 1) {
                keys.add(key);
            }
        }));
        return keys;
    }

    private String add(ConsumerRecord<String, byte[]> record) {
        records++;
        JsonNode origin = json.readTree(record.value()).path("origin");
        String key = TestMessage.key(
                origin.path("sendingApplication").asString(),
                origin.path("sendingFacility").asString(),
                origin.path("controlId").asString());
        copies.computeIfAbsent(key, k -> new HashMap<>())
                .computeIfAbsent(header(record, "ce_type"), t -> new ArrayList<>())
                .add(header(record, "ce_id"));
        return key;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + ")" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
