package health.isthmus.events;

/**
 * An event contract: a record annotated with {@link EventContract} that knows its partition key.
 *
 * <p>The key is the aggregate id (one patient, one order), so that all events of one aggregate land on
 * one partition and are consumed in the order they were committed.
 */
public interface IsthmusEvent {

    /** The aggregate id used as the Kafka record key. */
    String partitionKey();
}
