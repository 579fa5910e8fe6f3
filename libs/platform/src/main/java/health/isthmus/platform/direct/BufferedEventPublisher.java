package health.isthmus.platform.direct;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.platform.kafka.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events to Kafka without an outbox, for the services that have no database: in the same JSON and with
 * the same CloudEvents headers as the outbox relay (each event its own {@code ce_id}), so consumers deduplicate them
 * alike. {@link #publish} never blocks the caller: events wait in a bounded buffer for one sender thread and an
 * idempotent producer ({@code acks=all}). When Kafka is unreachable long enough for the buffer to fill, or a send
 * fails after the producer's retries, the event is dropped, counted in {@code isthmus.direct.events.dropped} and
 * reported at WARN by type and id only (at most once per {@link #WARN_INTERVAL}), and the service goes on serving.
 * Delivery is therefore at most once, unlike the outbox's at least once.
 */
public final class BufferedEventPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BufferedEventPublisher.class);
    static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

    private final Producer<String, byte[]> producer;
    private final JsonMapper json;
    private final String source;
    private final Clock clock;
    private final BlockingQueue<Pending> buffer;
    private final Counter sent;
    private final Counter dropped;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
    private final Thread sender;
    private volatile boolean open = true;

    public BufferedEventPublisher(
            Producer<String, byte[]> producer,
            JsonMapper json,
            String applicationName,
            int capacity,
            Clock clock,
            MeterRegistry meters) {
        this.producer = producer;
        this.json = json;
        this.source = "/isthmus/" + applicationName;
        this.clock = clock;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.sent = Counter.builder("isthmus.direct.events.sent")
                .description("events sent straight to Kafka (no outbox) and acknowledged")
                .register(meters);
        this.dropped = Counter.builder("isthmus.direct.events.dropped")
                .description("events meant for Kafka that were dropped: buffer full or Kafka unreachable")
                .register(meters);
        Gauge.builder("isthmus.direct.events.buffered", buffer, BlockingQueue::size)
                .description("events waiting to be sent straight to Kafka")
                .register(meters);
        this.sender = Thread.ofPlatform().daemon().name("direct-event-sender").start(this::sendUntilClosed);
    }

    /**
     * The producer settings: idempotent, {@code acks=all}, and bounded waits so that an unreachable Kafka fills the
     * buffer rather than the sender waiting forever. One request in flight: audit records are few, and with several
     * a first batch refused while a new topic elects its leader was seen to be retried forever behind later batches
     * the broker had taken (OUT_OF_ORDER_SEQUENCE_NUMBER) and then dropped.
     */
    public static Map<String, Object> producerSettings(String bootstrapServers, String clientId) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    /** Queues the event for Kafka and returns at once; a full buffer drops it (counted and reported). */
    public void publish(IsthmusEvent event, @Nullable String correlationId) {
        Pending pending = new Pending(UUID.randomUUID(), event, correlationId, clock.instant());
        if (!open || !buffer.offer(pending)) {
            drop(pending, open ? "buffer full" : "publisher closed");
        }
    }

    private void sendUntilClosed() {
        while (open || !buffer.isEmpty()) {
            Pending pending;
            try {
                pending = buffer.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (pending != null) {
                send(pending);
            }
        }
    }

    private void send(Pending pending) {
        IsthmusEvent event = pending.event();
        String key = event.partitionKey();
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    EventCatalog.topic(event.getClass()),
                    null,
                    key,
                    json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8),
                    CloudEventHeaders.of(
                            pending.id().toString(),
                            EventCatalog.wireType(event.getClass()),
                            source,
                            pending.occurredAt(),
                            key,
                            pending.correlationId()));
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.increment();
                } else {
                    drop(pending, error.toString());
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            drop(pending, e.toString());
        }
    }

    private void drop(Pending pending, String reason) {
        dropped.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_INTERVAL.toNanos()) && lastWarning.compareAndSet(last, now)) {
            log.warn(
                    "event {} ({}) not sent to Kafka and dropped: {}; isthmus.direct.events.dropped counts every one",
                    pending.id(),
                    EventCatalog.wireType(pending.event().getClass()),
                    reason);
        } else {
            log.debug("event {} dropped: {}", pending.id(), reason);
        }
    }

    /** Sends what is buffered (waiting up to the given time), then closes the producer. */
    public void close(Duration wait) {
        open = false;
        try {
            sender.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(wait);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private record Pending(
            UUID id, IsthmusEvent event, @Nullable String correlationId, Instant occurredAt) {}
}
