package health.isthmus.hl7ingest.translation;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.hl7.ack.Hl7Problem;
import java.time.Instant;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The outcome of reading a message: an event to publish, invalid content, or an unsupported message. */
public sealed interface Translation {

    /** The message reads as an event once it has been stored. */
    record Translated(
            String triggerEvent, String patientKey, OriginTemplate origin, Function<Hl7Origin, IsthmusEvent> eventFor)
            implements Accepted {

        /** The event, naming the stored message it came from and the site its sender speaks for. */
        public IsthmusEvent event(long messageId, Instant receivedAt, @Nullable String site) {
            return eventFor.apply(origin.complete(messageId, receivedAt, site));
        }
    }

    /** A well-formed message no translator reads, kept in the store without an event (by configuration). */
    record Kept(String triggerEvent, String patientKey) implements Accepted {}

    /** A message that is stored and acknowledged positively. */
    sealed interface Accepted extends Translation permits Translated, Kept {

        /** MSH-9.2, or MSH-9.1 when the message has no trigger. */
        String triggerEvent();

        /** The qualified primary identifier of the patient, empty when the message names none. */
        String patientKey();
    }

    /** The message is syntactically fine but its content is not acceptable (answered AE). */
    record Invalid(Hl7Problem problem) implements Translation {}

    /** The message type or trigger is not one this service takes (answered AR). */
    record Unsupported(Hl7Problem problem) implements Translation {}

    /** The origin of an event, but for the id and time the store gives it. */
    record OriginTemplate(String sendingApplication, String sendingFacility, String controlId, String triggerEvent) {

        Hl7Origin complete(long messageId, Instant receivedAt, @Nullable String site) {
            return new Hl7Origin(
                    messageId, sendingApplication, sendingFacility, controlId, triggerEvent, receivedAt, site);
        }
    }

    /**
     * A translation into one event about one patient.
     *
     * @param patientKey the patient's qualified primary identifier, by which the stored message is found
     */
    static Translation of(
            health.isthmus.hl7.message.RawHeader header,
            String trigger,
            String patientKey,
            Function<Hl7Origin, IsthmusEvent> eventFor) {
        return new Translated(
                trigger,
                patientKey,
                new OriginTemplate(header.sendingApplication(), header.sendingFacility(), header.controlId(), trigger),
                eventFor);
    }
}
