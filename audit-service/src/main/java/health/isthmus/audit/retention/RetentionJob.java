package health.isthmus.audit.retention;

import health.isthmus.audit.syslog.SyslogProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes expired records from the head of the chain only: in one transaction it moves the retention anchor onto the
 * last record to remove (keeping that record's hash), then deletes every record up to it, which the database allows
 * for anchored records alone. Verification then starts from the anchor's hash, so the rest of the chain stays
 * checkable. A record newer than the period stops the removal even if older ones follow it, and, when the syslog
 * export is on, so does the first record not yet exported.
 */
@Component
public class RetentionJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final RetentionProperties properties;
    private final SyslogProperties syslog;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public RetentionJob(
            RetentionProperties properties,
            SyslogProperties syslog,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.properties = properties;
        this.syslog = syslog;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.scheduler = newScheduler();
    }

    /** Removes every record stored before {@code cutoff} that may go; the number removed. */
    public long removeStoredBefore(Instant cutoff) {
        long removed = 0;
        while (true) {
            Long batch = transactions.execute(status -> removeBatch(cutoff));
            if (batch == null || batch == 0) {
                return removed;
            }
            removed += batch;
        }
    }

    private long removeBatch(Instant cutoff) {
        long anchor = jdbc.sql("select removed_through from audit_chain_anchor for update")
                .query(Long.class)
                .single();
        long head = jdbc.sql("select last_sequence from audit_chain_head")
                .query(Long.class)
                .single();
        long firstKept = jdbc.sql("select coalesce(min(sequence), ?) from audit_record where recorded_at >= ?")
                .params(head + 1, Timestamp.from(cutoff))
                .query(Long.class)
                .single();
        long through = Math.min(firstKept - 1, anchor + properties.batchSize());
        if (syslog.enabled()) {
            long exported = jdbc.sql("select last_sequence from syslog_export_cursor")
                    .query(Long.class)
                    .single();
            through = Math.min(through, exported);
        }
        if (through <= anchor) {
            return 0;
        }
        jdbc.sql("""
                        update audit_chain_anchor set removed_through = ?, removed_at = ?,
                            removed_hash = (select row_hash from audit_record where sequence = ?)
                        """).params(through, Timestamp.from(clock.instant()), through).update();
        return jdbc.sql("delete from audit_record where sequence <= ?")
                .param(through)
                .update();
    }

    private void runOnce() {
        Instant cutoff = clock.instant()
                .atOffset(ZoneOffset.UTC)
                .minus(properties.period())
                .toInstant();
        try {
            long removed = removeStoredBefore(cutoff);
            if (removed > 0) {
                log.info("retention removed {} audit records stored before {}", removed, cutoff);
            }
        } catch (RuntimeException e) {
            // a failed run must not cancel the schedule
            log.warn("retention could not remove expired audit records; retried in {}", properties.interval(), e);
        }
    }

    @Override
    public void start() {
        if (scheduler.isShutdown()) {
            scheduler = newScheduler();
        }
        long every = properties.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static ScheduledExecutorService newScheduler() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("audit-retention").factory());
    }
}
