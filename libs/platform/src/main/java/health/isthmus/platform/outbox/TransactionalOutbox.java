package health.isthmus.platform.outbox;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import java.sql.Timestamp;
import java.time.Clock;
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

    @Override
    public void publish(IsthmusEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("events are published inside the transaction of the state change");
        }
        jdbc.sql("""
                        insert into outbox_event
                            (event_id, topic, event_key, event_type, payload, correlation_id, occurred_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        EventCatalog.topic(event.getClass()),
                        event.partitionKey(),
                        EventCatalog.wireType(event.getClass()),
                        json.writeValueAsString(event),
                        MDC.get("correlationId"),
                        Timestamp.from(clock.instant()))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
