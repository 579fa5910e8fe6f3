package health.isthmus.platform.outbox;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Writes events into the {@code outbox_event} table of the service's schema and wakes the relay on commit. */
public final class TransactionalOutbox implements EventPublisher {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OutboxRelay relay;
    private final Clock clock;

    public TransactionalOutbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.relay = relay;
        this.clock = clock;
    }

    /** At most this many events go into one insert statement (7 parameters each, PostgreSQL allows 65535). */
    private static final int ROWS_PER_STATEMENT = 500;

    @Override
    public void publish(IsthmusEvent event) {
        publishAll(List.of(event));
    }

    @Override
    public void publishAll(List<? extends IsthmusEvent> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("events are published inside the transaction of the state change");
        }
        if (events.isEmpty()) {
            return;
        }
        List<OutboxEntry> entries = entriesOf(events);
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            List<OutboxEntry> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
            List<Object> params = new ArrayList<>(chunk.size() * OutboxEntry.COLUMNS);
            chunk.forEach(entry -> entry.addParameters(params));
            // ids are generated in insertion order, which is the order the relay sends in
            jdbc.sql("insert into outbox_event (" + OutboxEntry.COLUMN_LIST + ") values "
                            + String.join(
                                    ", ",
                                    Collections.nCopies(chunk.size(), "(" + OutboxEntry.TYPED_PLACEHOLDERS + ")")))
                    .params(params)
                    .update();
        }
        wakeRelayOnCommit();
    }

    /**
     * The rows these events become, for a caller that inserts them into {@code outbox_event} within a statement of
     * its own (in the order given, which is the order the relay sends in) and then calls {@link #wakeRelayOnCommit}.
     */
    public List<OutboxEntry> entriesOf(List<? extends IsthmusEvent> events) {
        Timestamp now = Timestamp.from(clock.instant());
        String correlationId = MDC.get("correlationId");
        List<OutboxEntry> entries = new ArrayList<>(events.size());
        for (IsthmusEvent event : events) {
            entries.add(new OutboxEntry(
                    EventIds.next(),
                    EventCatalog.topic(event.getClass()),
                    event.partitionKey(),
                    EventCatalog.wireType(event.getClass()),
                    json.writeValueAsString(event),
                    correlationId,
                    now));
        }
        return entries;
    }

    /** Wakes the relay once the current transaction commits, or now when there is none (the rows are committed). */
    public void wakeRelayOnCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            relay.wakeUp();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }

    /**
     * One event as an {@code outbox_event} row.
     *
     * @param correlationId the correlation id of the request that caused it, if any
     */
    public record OutboxEntry(
            UUID eventId,
            String topic,
            String key,
            String type,
            String payload,
            @Nullable String correlationId,
            Timestamp occurredAt) {

        /** The columns a row is inserted with, in the order of {@link #addParameters}. */
        public static final String COLUMN_LIST =
                "event_id, topic, event_key, event_type, payload, correlation_id, occurred_at";

        /** How many columns that is. */
        public static final int COLUMNS = 7;

        /**
         * A placeholder for each column, with the column's type, in the order of {@link #COLUMN_LIST}: for a {@code
         * values} list that PostgreSQL cannot type from a target column (inside a {@code select}).
         */
        public static final String TYPED_PLACEHOLDERS =
                "?::uuid, ?::text, ?::text, ?::text, ?::text, ?::text, ?::timestamptz";

        /** Adds this row's values for {@link #COLUMN_LIST}. */
        public void addParameters(List<Object> parameters) {
            parameters.add(eventId);
            parameters.add(topic);
            parameters.add(key);
            parameters.add(type);
            parameters.add(payload);
            parameters.add(correlationId);
            parameters.add(occurredAt);
        }
    }
}
