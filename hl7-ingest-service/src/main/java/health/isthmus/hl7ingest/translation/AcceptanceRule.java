package health.isthmus.hl7ingest.translation;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.hl7.ack.Hl7Problem;
import java.util.Optional;

/**
 * A rule a translated message must also pass, against what earlier messages established, before it is stored: a
 * message that breaks one is answered AE with the problem and stores nothing.
 */
public interface AcceptanceRule {

    /** Whether the rule concerns messages of this trigger event (MSH-9.2); others skip building their event. */
    boolean concerns(String triggerEvent);

    /**
     * @param event the message's event as it would be published (its origin not yet numbered)
     * @return the problem, when the message breaks the rule
     */
    Optional<Hl7Problem> breach(IsthmusEvent event);
}
