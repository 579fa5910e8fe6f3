package health.isthmus.hl7ingest.intake;

import health.isthmus.events.IsthmusEvent;
import java.util.List;

/** Keeps state derived from messages' events in the very transaction that stores the messages and their events. */
public interface CommitParticipant {

    /** Called inside the transaction, with the events of the newly stored messages in message order. */
    void committing(List<IsthmusEvent> events);

    /**
     * Whether {@link #committing} would write anything for these events; when no participant would, a group is
     * committed as one statement without a transaction around it.
     */
    boolean writesFor(List<IsthmusEvent> events);
}
