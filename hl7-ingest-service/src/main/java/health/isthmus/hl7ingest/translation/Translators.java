package health.isthmus.hl7ingest.translation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.RawHeader;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Chooses the translator for a message by its type and trigger (MSH-9). */
@Component
public class Translators {

    private final List<MessageTranslator> translators;
    private final boolean keepOthers;

    public Translators(
            List<MessageTranslator> translators,
            @Value("${isthmus.hl7-ingest.other-messages:reject}") OtherMessages otherMessages) {
        this.translators = List.copyOf(translators);
        this.keepOthers = otherMessages == OtherMessages.STORE;
    }

    /** What happens to a well-formed message no translator reads. */
    public enum OtherMessages {
        /** Answered AR (error 200), nothing stored. */
        REJECT,
        /** Stored and acknowledged, no event published. */
        STORE
    }

    /** Reads a parsed message; a type no translator takes is unsupported. */
    public Translation translate(Message message, RawHeader header) {
        String[] type = header.messageType().split("\\^", -1);
        String messageType = type[0];
        String trigger = type.length > 1 ? type[1] : "";
        for (MessageTranslator translator : translators) {
            if (translator.handles(messageType, trigger)) {
                try {
                    return translator.translate(message, header, trigger);
                } catch (HL7Exception e) {
                    return new Translation.Invalid(new Hl7Problem(
                            ca.uhn.hl7v2.ErrorCode.APPLICATION_INTERNAL_ERROR,
                            "message structure could not be read: " + e.getMessage(),
                            null,
                            0));
                }
            }
        }
        if (keepOthers) {
            return new Translation.Kept(trigger.isEmpty() ? messageType : trigger, patientKey(message));
        }
        return new Translation.Unsupported(
                Hl7Problem.unsupportedMessageType("message type " + header.messageType() + " is not accepted here"));
    }

    private static String patientKey(Message message) {
        try {
            var identifiers = PidReader.identifiers(PidReader.pidOf(message).getPatientIdentifierList());
            return identifiers.isEmpty() ? "" : identifiers.getFirst().qualified();
        } catch (HL7Exception | ClassCastException e) {
            return ""; // a message without a PID is kept without a patient
        }
    }
}
