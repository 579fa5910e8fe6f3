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
}
