package health.isthmus.hl7ingest.intake;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;

/**
 * Original mode (MSH-15 and MSH-16 empty) answers AA, AE, AR; enhanced mode (either one set) answers the
 * accept acknowledgment CA, CE, CR once the message is committed or refused. The accept acknowledgment is
 * always sent over MLLP, whatever MSH-15 asks, because the sender's MLLP connection waits for a reply.
 * Content errors are found before commit, so enhanced mode reports them in the accept acknowledgment (CE
 * with ERR) as well as in the application acknowledgment (AE) when MSH-16 asks for one.
 */
enum AcknowledgmentMode {
    ORIGINAL(AcknowledgmentCode.AA, AcknowledgmentCode.AE, AcknowledgmentCode.AR),
    ENHANCED(AcknowledgmentCode.CA, AcknowledgmentCode.CE, AcknowledgmentCode.CR);

    private final AcknowledgmentCode accepted;
    private final AcknowledgmentCode error;
    private final AcknowledgmentCode rejected;

    AcknowledgmentMode(AcknowledgmentCode accepted, AcknowledgmentCode error, AcknowledgmentCode rejected) {
        this.accepted = accepted;
        this.error = error;
        this.rejected = rejected;
    }

    static AcknowledgmentMode of(Message message) {
        try {
            // MSH is the first segment of every structure: read it directly, not through a Terser path
            Segment msh = (Segment) message.get("MSH");
            boolean enhanced = !blank(Terser.get(msh, 15, 0, 1, 1)) || !blank(Terser.get(msh, 16, 0, 1, 1));
            return enhanced ? ENHANCED : ORIGINAL;
        } catch (HL7Exception e) {
            return ORIGINAL;
        }
    }

    AcknowledgmentCode accepted() {
        return accepted;
    }

    AcknowledgmentCode error() {
        return error;
    }

    AcknowledgmentCode rejected() {
        return rejected;
    }

    /** The answer when the message could not be committed: AR (send again) or CE (commit error). */
    AcknowledgmentCode storageFailed() {
        return this == ORIGINAL ? AcknowledgmentCode.AR : AcknowledgmentCode.CE;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
