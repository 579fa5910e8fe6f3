package health.isthmus.platform.housekeeping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Removes outbox rows published longer ago than their retention and inbox rows applied longer ago than theirs, in
 * batches, on a schedule of its own. Several instances of a service may run it at once: each batch skips rows
 * another instance is removing.
 */
public final class EventTablesHousekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventTablesHousekeeping.class);

    private final JdbcClient jdbc;
    private final EventTablesProperties properties;
    private final Clock clock;
    private final Counter removedOutbox;
    private final Counter removedInbox;
    private @Nullable ScheduledExecutorService schedule;

    public EventTablesHousekeeping(
            JdbcClient jdbc, EventTablesProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.removedOutbox = Counter.builder("isthmus.event-tables.removed")
                .tag("table", "outbox_event")
                .description("published outbox rows removed after their retention")
                .register(meters);
        this.removedInbox = Counter.builder("isthmus.event-tables.removed")
                .tag("table", "inbox_processed_event")
                .description("inbox rows removed after their retention")
                .register(meters);
    }

    /** Removes what has outlived its retention now; returns the outbox and inbox rows removed. */
    public Removed removeExpired() {
        Instant now = clock.instant();
        long outbox = inBatches("""
                delete from outbox_event where id in (
                    select id from outbox_event where published_at < ? order by id limit ? for update skip locked)
                """, now.minus(properties.publishedRetention()));
        long inbox = inBatches("""
                delete from inbox_processed_event where (consumer, event_id) in (
                    select consumer, event_id from inbox_processed_event where processed_at < ?
                    limit ? for update skip locked)
                """, now.minus(properties.processedRetention()));
        removedOutbox.increment(outbox);
        removedInbox.increment(inbox);
        return new Removed(outbox, inbox);
    }

    private long inBatches(String delete, Instant before) {
        OffsetDateTime cutoff = before.atOffset(ZoneOffset.UTC);
        long total = 0;
        int removed;
        do {
            removed = jdbc.sql(delete).params(cutoff, properties.batchSize()).update();
            total += removed;
        } while (removed == properties.batchSize());
        return total;
    }

    private void removeExpiredLogged() {
        try {
            Removed removed = removeExpired();
            if (removed.outbox() + removed.inbox() > 0) {
                log.info(
                        "removed {} published outbox row(s) and {} inbox row(s) past their retention",
                        removed.outbox(),
                        removed.inbox());
            }
        } catch (RuntimeException e) {
            log.warn("event tables housekeeping failed, next try in {}: {}", properties.interval(), e.toString());
        }
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("event-tables-housekeeping").factory());
        long period = properties.interval().toMillis();
        started.scheduleWithFixedDelay(this::removeExpiredLogged, period, period, TimeUnit.MILLISECONDS);
        schedule = started;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = schedule;
        if (running != null) {
            running.shutdownNow();
            schedule = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }

    /** Rows removed by one pass. */
    public record Removed(long outbox, long inbox) {}
}
