package health.isthmus.hl7ingest.adt;

import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.PatientEvent;
import health.isthmus.hl7.ack.Hl7Problem;
import java.time.Instant;
import java.util.function.Function;

/** The outcome of reading an ADT message: an event to publish, invalid content, or an unsupported message. */
public sealed interface AdtTranslation {

    /** The message reads as a patient event once it has been stored. */
    record Translated(String triggerEvent, OriginTemplate origin, Function<Hl7Origin, PatientEvent> eventFor)
            implements AdtTranslation {

        /** The event, naming the stored message it came from. */
        public PatientEvent event(long messageId, Instant receivedAt) {
            return eventFor.apply(origin.complete(messageId, receivedAt));
        }
    }

    /** The message is syntactically fine but its content is not acceptable (answered AE). */
    record Invalid(Hl7Problem problem) implements AdtTranslation {}

    /** The message type or trigger is not one this service takes (answered AR). */
    record Unsupported(Hl7Problem problem) implements AdtTranslation {}

    /** The origin of an event, but for the id and time the store gives it. */
    record OriginTemplate(String sendingApplication, String sendingFacility, String controlId, String triggerEvent) {

        Hl7Origin complete(long messageId, Instant receivedAt) {
            return new Hl7Origin(messageId, sendingApplication, sendingFacility, controlId, triggerEvent, receivedAt);
        }
    }
}
