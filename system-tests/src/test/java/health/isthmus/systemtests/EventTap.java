package health.isthmus.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the services published on some topics of the standalone broker, from the beginning, without joining a
 * consumer group (so the services' own consumers are not disturbed). Only records whose payload contains a marker
 * are kept, so that a run on a data folder of earlier runs sees its own records.
 */
final class EventTap implements AutoCloseable {

    static final String BOOTSTRAP = "localhost:9092";
    private static final Duration CATCH_UP_WITHIN = Duration.ofMinutes(2);

    /**
     * One record.
     *
     * @param topic its topic
     * @param type its CloudEvents type ({@code ce_type})
     * @param payload its JSON payload
     */
    record Published(String topic, String type, JsonNode payload) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String marker;
    private final List<Published> kept = new ArrayList<>();

    EventTap(String marker, List<String> topics) {
        this.marker = marker;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "system-tests-event-tap");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            // a topic appears with the first record published on it, which may still be in a service's outbox
            Instant deadline = Instant.now().plus(CATCH_UP_WITHIN);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            while (infos == null || infos.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                    throw new IllegalStateException(
                            "topic " + topic + " did not appear on " + BOOTSTRAP + " within " + CATCH_UP_WITHIN);
                }
                sleep(Duration.ofMillis(500));
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads up to the end of every partition as it is now; returns the records kept so far. */
    List<Published> catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        Instant deadline = Instant.now().plus(CATCH_UP_WITHIN);
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read " + end + " within " + CATCH_UP_WITHIN);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                String payload = new String(record.value(), StandardCharsets.UTF_8);
                if (payload.contains(marker)) {
                    Header type = record.headers().lastHeader("ce_type");
                    kept.add(new Published(
                            record.topic(),
                            type == null ? "" : new String(type.value(), StandardCharsets.UTF_8),
                            json.readTree(payload)));
                }
            }
        }
        return List.copyOf(kept);
    }

    /** The records kept so far that satisfy a condition, after catching up. */
    List<Published> find(Predicate<Published> condition) {
        return catchUp().stream().filter(condition).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic", e);
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
