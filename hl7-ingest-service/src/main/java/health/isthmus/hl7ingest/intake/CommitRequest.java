package health.isthmus.hl7ingest.intake;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.hl7ingest.appack.PendingApplicationAck;
import health.isthmus.hl7ingest.store.ReceivedMessage;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * What one received message asks to commit: the message to store (none for a refused message), the events
 * that follow from it once it is stored as new, and an application acknowledgment to deliver later.
 *
 * @param message the message to store, or null when only its audit record (and acknowledgment) is kept
 * @param eventsFor the events to publish, given the stored message's id (0 when nothing is stored); for a
 *     resend of a message stored before they are made but not written
 * @param applicationAck the application acknowledgment to deliver, if the sender asked for one
 */
record CommitRequest(
        @Nullable ReceivedMessage message,
        LongFunction<List<IsthmusEvent>> eventsFor,
        @Nullable PendingApplicationAck applicationAck) {}
