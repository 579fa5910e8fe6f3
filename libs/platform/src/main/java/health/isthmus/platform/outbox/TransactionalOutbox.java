package health.isthmus.platform.outbox;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
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
        Timestamp now = Timestamp.from(clock.instant());
        String correlationId = MDC.get("correlationId");
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            List<? extends IsthmusEvent> chunk =
                    events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
            List<Object> params = new ArrayList<>(chunk.size() * 7);
            for (IsthmusEvent event : chunk) {
                params.add(UUID.randomUUID());
                params.add(EventCatalog.topic(event.getClass()));
                params.add(event.partitionKey());
                params.add(EventCatalog.wireType(event.getClass()));
                params.add(json.writeValueAsString(event));
                params.add(correlationId);
                params.add(now);
            }
            // ids are generated in insertion order, which is the order the relay sends in
            jdbc.sql("insert into outbox_event"
                            + " (event_id, topic, event_key, event_type, payload, correlation_id, occurred_at) values "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?)")))
                    .params(params)
                    .update();
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
