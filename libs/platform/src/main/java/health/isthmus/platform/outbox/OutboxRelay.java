package health.isthmus.platform.outbox;

import health.isthmus.platform.kafka.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends committed outbox rows to Kafka in commit order, then marks them published.
 *
 * <p>One relay works at a time per schema (a transaction-scoped advisory lock), so the order of one
 * aggregate's events is kept even with several instances. A crash between the send and the mark means
 * the batch is sent again: delivery is at least once, and consumers deduplicate by {@code ce_id}.
 *
 * <p>The relay waits for a batch at least as long as the producer keeps trying to deliver it
 * ({@code delivery.timeout.ms}) and a margin beyond: giving up earlier would leave records in the
 * producer's buffer that reach Kafka later, while the relay sends the same rows again.
 *
 * <p>The relay's own transactions commit without waiting for the WAL flush ({@code synchronous_commit =
 * off}, for that transaction only): losing a "published" mark to a database crash only means the batch is
 * sent once more, which at-least-once delivery already allows, and the services' durable commits do not
 * queue behind the relay's.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * The statement a relay takes its lock with, for the transaction of one batch: one lock per service schema (the
     * services share one database, and a lock key of their own keeps one service's relay from waiting for another's),
     * so that of several instances of one service only one relays at a time.
     */
    public static final String TRY_LOCK = "select pg_try_advisory_xact_lock(1500000011, hashtext(current_schema()))";

    static final Duration DELIVERY_MARGIN = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;
    private final Duration acknowledgementWait;
    private final String source;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Counter published;
    private volatile boolean running;
    private @Nullable Thread worker;

    public OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> kafka,
            OutboxProperties properties,
            Duration producerDeliveryTimeout,
            String applicationName,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
        this.acknowledgementWait = acknowledgementWait(properties.sendTimeout(), producerDeliveryTimeout);
        if (acknowledgementWait.compareTo(properties.sendTimeout()) > 0) {
            log.info(
                    "outbox relay waits {} for a batch: isthmus.outbox.send-timeout {} is shorter than the producer's"
                            + " delivery.timeout.ms {}",
                    acknowledgementWait,
                    properties.sendTimeout(),
                    producerDeliveryTimeout);
        }
        this.source = "/isthmus/" + applicationName;
        this.clock = clock;
        this.published = Counter.builder("isthmus.outbox.events.published")
                .description("events relayed from the outbox to Kafka")
                .register(meters);
    }

    /**
     * How long to wait for Kafka to acknowledge a batch: the configured send timeout, but never less than
     * the producer's delivery timeout plus {@link #DELIVERY_MARGIN}, after which the producer has reported
     * every record as sent or failed.
     */
    static Duration acknowledgementWait(Duration sendTimeout, Duration producerDeliveryTimeout) {
        Duration floor = producerDeliveryTimeout.plus(DELIVERY_MARGIN);
        return sendTimeout.compareTo(floor) >= 0 ? sendTimeout : floor;
    }

    /** Asks the relay to look for new events now instead of at the next poll. */
    public void wakeUp() {
        wakeUps.release();
    }

    @Override
    public synchronized void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("outbox-relay").start(this::relayUntilStopped);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(properties.sendTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop after the inbound adapters (which publish) and before Kafka producers close
        return Integer.MAX_VALUE - 2048;
    }

    private void relayUntilStopped() {
        boolean failing = false;
        while (running) {
            try {
                if (wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)
                        && !properties.linger().isZero()) {
                    // let the commits that follow closely join this batch: one relay transaction for many
                    Thread.sleep(properties.linger());
                }
                wakeUps.drainPermits();
                while (running && relayBatch() == properties.batchSize()) {
                    // a full batch: more may be waiting
                }
                if (failing) {
                    log.info("outbox relay recovered");
                    failing = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("outbox relay cannot send yet, will retry: {}", e.toString());
                    failing = true;
                }
            }
        }
    }

    /** Sends one batch of unpublished events; returns how many were sent. */
    int relayBatch() {
        Integer sent = transactions.execute(status -> {
            Boolean locked = jdbc.sql(TRY_LOCK).query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<OutboxRow> rows = jdbc.sql("""
                            select id, event_id, topic, event_key, event_type, payload, correlation_id, occurred_at
                            from outbox_event where published_at is null order by id limit ?
                            """)
                    .param(properties.batchSize())
                    .query(OutboxRelay::row)
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            jdbc.sql("set local synchronous_commit = off").update();
            send(rows);
            jdbc.sql("update outbox_event set published_at = ? where id = any(?)")
                    .params(
                            Timestamp.from(clock.instant()),
                            rows.stream().map(OutboxRow::id).toArray(Long[]::new))
                    .update();
            return rows.size();
        });
        int count = sent == null ? 0 : sent;
        published.increment(count);
        return count;
    }

    private void send(List<OutboxRow> rows) {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            RecordHeaders headers = CloudEventHeaders.of(
                    row.eventId().toString(),
                    row.eventType(),
                    source,
                    row.occurredAt().toInstant(),
                    row.eventKey(),
                    row.correlationId());
            acks.add(kafka.send(new ProducerRecord<>(
                    row.topic(), null, row.eventKey(), row.payload().getBytes(StandardCharsets.UTF_8), headers)));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(acknowledgementWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending outbox events", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
        }
    }

    /** One row of the batch query, by position (no reflection per row: the relay reads every event once). */
    private static OutboxRow row(ResultSet rs, int rowNumber) throws SQLException {
        return new OutboxRow(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getTimestamp(8));
    }

    record OutboxRow(
            long id,
            UUID eventId,
            String topic,
            String eventKey,
            String eventType,
            String payload,
            @Nullable String correlationId,
            Timestamp occurredAt) {}
}
