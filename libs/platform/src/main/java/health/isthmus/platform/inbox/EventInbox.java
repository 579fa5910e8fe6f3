package health.isthmus.platform.inbox;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.platform.kafka.CloudEventHeaders;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a consumed event at most once per consumer: the event id ({@code ce_id}) is recorded in the
 * same transaction as the event's effects, so a redelivered event changes nothing.
 *
 * <p>Used from a {@code @KafkaListener}; a failure in the handler rolls the transaction back and lets the
 * listener container retry, then dead-letter the record.
 */
public final class EventInbox {

    private static final Logger log = LoggerFactory.getLogger(EventInbox.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final String consumer;
    private final Clock clock;

    public EventInbox(
            JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, String consumer, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.consumer = consumer;
        this.clock = clock;
    }

    /**
     * Deserializes the record as one of the contracts assignable to {@code type} and applies it once.
     * Records of wire types this consumer does not know are skipped (producers may add types within a
     * major version).
     *
     * @return whether the handler ran (false for duplicates and unknown types)
     */
    public <T extends IsthmusEvent> boolean receive(
            ConsumerRecord<String, byte[]> record, Class<T> type, Consumer<? super T> handler) {
        String eventId = required(record, CloudEventHeaders.ID);
        String wireType = required(record, CloudEventHeaders.TYPE);
        Optional<Class<? extends IsthmusEvent>> contract =
                EventCatalog.forWireType(wireType).filter(type::isAssignableFrom);
        if (contract.isEmpty()) {
            log.debug("skipping event {} of type {} unknown to {}", eventId, wireType, consumer);
            return false;
        }
        T event = type.cast(read(record, contract.get()));
        MDC.put("eventId", eventId);
        CloudEventHeaders.read(record.headers(), CloudEventHeaders.CORRELATION_ID)
                .ifPresent(id -> MDC.put("correlationId", id));
        try {
            Boolean applied = transactions.execute(status -> {
                int inserted = jdbc.sql("""
                                insert into inbox_processed_event
                                    (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, processed_at)
                                values (?, ?, ?, ?, ?, ?, ?)
                                on conflict do nothing
                                """)
                        .params(
                                consumer,
                                eventId,
                                wireType,
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                Timestamp.from(clock.instant()))
                        .update();
                if (inserted == 0) {
                    return false;
                }
                handler.accept(event);
                return true;
            });
            if (!Boolean.TRUE.equals(applied)) {
                log.debug("event {} already processed by {}", eventId, consumer);
                return false;
            }
            return true;
        } finally {
            MDC.remove("eventId");
            MDC.remove("correlationId");
        }
    }

    private IsthmusEvent read(ConsumerRecord<String, byte[]> record, Class<? extends IsthmusEvent> contract) {
        try {
            return json.readValue(record.value(), contract);
        } catch (JacksonException e) {
            throw new DeserializationException(
                    "payload does not match " + EventCatalog.wireType(contract), record.value(), false, e);
        }
    }

    private static String required(ConsumerRecord<String, byte[]> record, String header) {
        return CloudEventHeaders.read(record.headers(), header)
                .orElseThrow(() -> new DeserializationException(
                        "record without " + header + " header", record.value(), false, null));
    }
}
