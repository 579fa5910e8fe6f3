package health.isthmus.platform.outbox;

import health.isthmus.events.IsthmusEvent;

/**
 * Publishes an event as part of the caller's database transaction: the event reaches Kafka if and only
 * if the transaction commits, even when the process dies right after the commit.
 */
public interface EventPublisher {

    /**
     * Records the event in the outbox of the current transaction.
     *
     * @throws IllegalStateException when no transaction is active
     */
    void publish(IsthmusEvent event);

    /**
     * Records several events in the outbox of the current transaction, in the order given. A
     * publisher may write them with fewer round trips than one {@link #publish} each.
     *
     * @throws IllegalStateException when no transaction is active
     */
    default void publishAll(java.util.List<? extends IsthmusEvent> events) {
        events.forEach(this::publish);
    }
}
