package health.isthmus.audit.syslog;

import health.isthmus.audit.chain.CanonicalForm;
import health.isthmus.audit.chain.StoredRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends every stored record, in chain order, to the configured collector from a cursor kept in the database: the
 * cursor moves only after a batch was handed to the transport, so a restart resends at most that batch and loses
 * nothing. It runs on a thread of its own and only reads the chain, so a collector that is down delays the export
 * (retried with doubling waits) and never the storage of records.
 */
@Component
public class SyslogExporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyslogExporter.class);

    private final SyslogProperties properties;
    private final JdbcClient jdbc;
    private final CanonicalForm canonical;
    private final Clock clock;
    private final Counter sent;
    private final Counter failures;
    private final String hostname;
    private volatile boolean running;
    private @Nullable Thread worker;

    public SyslogExporter(
            SyslogProperties properties, JdbcClient jdbc, CanonicalForm canonical, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.canonical = canonical;
        this.clock = clock;
        this.sent = meters.counter("isthmus.audit.syslog.sent", "outcome", "success");
        this.failures = meters.counter("isthmus.audit.syslog.sent", "outcome", "failure");
        this.hostname = properties.hostname() != null ? properties.hostname() : localHostName();
        if (properties.enabled()) {
            Gauge.builder("isthmus.audit.syslog.pending", this, SyslogExporter::pending)
                    .description("stored records not yet handed to the syslog collector")
                    .register(meters);
        }
    }

    private double pending() {
        try {
            return jdbc.sql("select (select last_sequence from audit_chain_head)"
                            + " - (select last_sequence from syslog_export_cursor)")
                    .query(Long.class)
                    .single();
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        // built here so that an unreadable key or trust store stops the start-up
        SyslogTransport transport = transport();
        running = true;
        worker = Thread.ofVirtual().name("audit-syslog-export").start(() -> run(transport));
        log.info(
                "exporting audit records over syslog ({}) to {}:{}",
                properties.transport(),
                properties.host(),
                properties.port());
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run(SyslogTransport transport) {
        Duration backoff = properties.initialBackoff();
        try (transport) {
            while (running) {
                try {
                    int count = exportBatch(transport);
                    backoff = properties.initialBackoff();
                    if (count == 0) {
                        Thread.sleep(properties.pollInterval());
                    }
                } catch (IOException | RuntimeException e) {
                    // a collector, network or database failure; also a stored text that no longer parses, which
                    // verify names: the export waits there (the pending gauge grows) rather than skip a record
                    failures.increment();
                    transport.close();
                    log.warn(
                            "audit export to {}:{} failed ({}); next attempt in {}",
                            properties.host(),
                            properties.port(),
                            // a parser's message may quote the record: only network errors are shown in full
                            e instanceof IOException
                                    ? e.toString()
                                    : e.getClass().getName(),
                            backoff);
                    Thread.sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), properties.maxBackoff());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the next batch after the cursor and moves the cursor past it; the number of records sent. */
    int exportBatch(SyslogTransport transport) throws IOException {
        long cursor = jdbc.sql("select last_sequence from syslog_export_cursor")
                .query(Long.class)
                .single();
        List<StoredRecord> batch = jdbc.sql(
                        "select canonical from audit_record where sequence > ? order by sequence limit ?")
                .params(cursor, properties.batchSize())
                .query((rs, row) -> canonical.read(rs.getString(1)))
                .list();
        if (batch.isEmpty()) {
            return 0;
        }
        for (StoredRecord stored : batch) {
            transport.send(SyslogMessage.of(stored.record(), hostname, properties.appName()));
        }
        transport.flush();
        jdbc.sql("update syslog_export_cursor set last_sequence = ?, updated_at = ? where last_sequence < ?")
                .params(
                        batch.getLast().sequence(),
                        Timestamp.from(clock.instant()),
                        batch.getLast().sequence())
                .update();
        sent.increment(batch.size());
        return batch.size();
    }

    private SyslogTransport transport() {
        return switch (properties.transport()) {
            case TLS -> new TlsSyslogTransport(properties);
            case UDP -> new UdpSyslogTransport(properties);
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
