package health.isthmus.hl7.ack;

import ca.uhn.hl7v2.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * What is wrong with a message, as the ERR segment reports it.
 *
 * @param code HL7 table 0357 error code
 * @param text human-readable description for the sender's interface team
 * @param segment the segment at fault (ERR-2.1), if known
 * @param field the field position (ERR-2.3), or 0
 */
public record Hl7Problem(
        ErrorCode code, String text, @Nullable String segment, int field) {

    /** A required field is empty. */
    public static Hl7Problem requiredFieldMissing(String segment, int field, String text) {
        return new Hl7Problem(ErrorCode.REQUIRED_FIELD_MISSING, text, segment, field);
    }

    /** The message type or trigger event is not one this endpoint takes. */
    public static Hl7Problem unsupportedMessageType(String text) {
        return new Hl7Problem(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, text, "MSH", 9);
    }
}
