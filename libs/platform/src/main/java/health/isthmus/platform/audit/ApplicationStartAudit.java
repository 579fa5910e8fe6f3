package health.isthmus.platform.audit;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.outbox.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a service is ready, one Application Activity record (110100, Application Start 110120) naming the service,
 * with a SHA-256 fingerprint of its effective {@code isthmus.*} settings; when settings differ from the previous
 * start's, the record also carries the event type "configuration changed" and names the settings added, changed or
 * removed, never their values. The settings are kept between starts as hashes only (table
 * {@code configuration_fingerprint}), in the same transaction as the record.
 */
public final class ApplicationStartAudit implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ApplicationStartAudit.class);
    private static final String PREFIX = "isthmus.";
    private static final int MAX_NAMED = 20;

    private final String sourceId;
    private final ConfigurableEnvironment environment;
    private final JdbcClient jdbc;
    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ApplicationStartAudit(
            String sourceId,
            ConfigurableEnvironment environment,
            JdbcClient jdbc,
            EventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        this.sourceId = sourceId;
        this.environment = environment;
        this.jdbc = jdbc;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        try {
            recordStart();
        } catch (RuntimeException e) {
            log.warn("the application start could not be audited: {}", e.toString());
        }
    }

    /** Writes the start record and keeps the settings' hashes; returns the settings that changed. */
    public Set<String> recordStart() {
        Map<String, String> current = settingHashes();
        Instant now = clock.instant();
        return transactions.execute(status -> {
            Map<String, String> previous = new TreeMap<>();
            jdbc.sql("select setting, value_hash from configuration_fingerprint for update")
                    .query((row, n) -> previous.put(row.getString(1), row.getString(2)))
                    .list();
            Set<String> changed = new TreeSet<>();
            if (!previous.isEmpty()) {
                current.forEach((setting, hash) -> {
                    if (!hash.equals(previous.get(setting))) {
                        changed.add(setting);
                    }
                });
                previous.keySet().stream()
                        .filter(setting -> !current.containsKey(setting))
                        .forEach(changed::add);
            }
            jdbc.sql("delete from configuration_fingerprint").update();
            current.forEach((setting, hash) -> jdbc.sql(
                            "insert into configuration_fingerprint (setting, value_hash, recorded_at) values (?, ?, ?)")
                    .params(setting, hash, Timestamp.from(now))
                    .update());
            events.publish(record(fingerprint(current), previous.isEmpty(), changed, now));
            return changed;
        });
    }

    private AuditEventRecorded record(String fingerprint, boolean first, Set<String> changed, Instant at) {
        List<CodedValue> types = new ArrayList<>(List.of(AuditCodes.APPLICATION_START));
        String description = "configuration " + fingerprint.substring(0, 16)
                + (first ? " (first start recorded)" : changed.isEmpty() ? " (unchanged)" : "");
        if (!changed.isEmpty()) {
            types.add(AuditCodes.CONFIGURATION_CHANGED);
            List<String> named = changed.stream().limit(MAX_NAMED).toList();
            description += "; changed: " + String.join(", ", named)
                    + (changed.size() > MAX_NAMED ? " and " + (changed.size() - MAX_NAMED) + " more" : "");
        }
        return new AuditEventRecorded(
                AuditCodes.APPLICATION_ACTIVITY,
                types,
                AuditAction.E,
                at,
                AuditOutcome.SUCCESS,
                description,
                List.of(new AuditParticipant(sourceId, null, true, null, List.of("Application Launcher"))),
                new AuditSource(sourceId, null),
                List.of(),
                null);
    }

    /** Every effective {@code isthmus.*} setting, its value as a SHA-256 (hex). */
    Map<String, String> settingHashes() {
        Set<String> names = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX)) {
                        names.add(name);
                    }
                }
            }
        }
        Map<String, String> hashes = new TreeMap<>();
        for (String name : names) {
            String value;
            try {
                value = environment.getProperty(name);
            } catch (RuntimeException unresolvable) {
                value = "<unresolvable>";
            }
            hashes.put(name, sha256(value == null ? "" : value));
        }
        return hashes;
    }

    private static String fingerprint(Map<String, String> hashes) {
        StringBuilder all = new StringBuilder();
        hashes.forEach((name, hash) -> all.append(name).append('=').append(hash).append('\n'));
        return sha256(all.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
