package health.isthmus.hl7.ack;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Builds original-mode acknowledgments. AA confirms a committed message, AE reports invalid content with
 * an ERR segment, AR rejects what could not be read or is not supported.
 */
public final class Acknowledgments {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    // what HAPI writes into MSH-7 of the acknowledgments it generates: local time with milliseconds and offset
    private static final DateTimeFormatter ACK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");

    private Acknowledgments() {}

    /**
     * An acknowledgment of a parsed message with the given code and no ERR segment. It carries what HAPI's
     * {@code generateACK} would (sender and receiver swapped, {@code ACK^<trigger>^ACK}, processing id and
     * version echoed, a new control id, MSA echoing MSH-10) but is written straight from the message
     * header's encoded fields instead of through a second message model, which costs about as much as
     * parsing the message did.
     */
    public static String forMessage(Message message, AcknowledgmentCode code) {
        try {
            return accepting(((Segment) message.get("MSH")).encode(), controlIdFor(message), code);
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot build an acknowledgment", e);
        }
    }

    /**
     * The same acknowledgment as {@link #forMessage(Message, AcknowledgmentCode)}, its header fields taken from the
     * message's text as received (already decoded from its character set) rather than encoded again from the parsed
     * model: what the sender wrote is echoed as it wrote it, at a fraction of the cost.
     *
     * @param text the message as received; when its first segment is not an MSH (HAPI accepted it all the same),
     *     the header is encoded from the model instead
     * @param message the same message parsed (its parser's configuration makes the new control id)
     */
    public static String forReceived(String text, Message message, AcknowledgmentCode code) {
        String msh = RawHeader.mshSegment(text);
        // the message is committed by now: whatever its text looks like, it gets its acknowledgment
        return msh.length() > 3 ? accepting(msh, controlIdFor(message), code) : forMessage(message, code);
    }

    private static String controlIdFor(Message message) {
        try {
            return message.getParser().getParserConfiguration().getIdGenerator().getID();
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a control id for the acknowledgment", e);
        }
    }

    private static String accepting(String msh, String controlId, AcknowledgmentCode code) {
        // MSH-1 and MSH-2 are the delimiters themselves: their values, never escaped
        char separator = msh.charAt(3);
        String[] fields = RawHeader.fields(msh, 12);
        String encodingCharacters = fields[2];
        StringBuilder ack =
                new StringBuilder(160).append("MSH").append(separator).append(encodingCharacters);
        for (int position : new int[] {5, 6, 3, 4}) {
            ack.append(separator).append(fields[position]);
        }
        char component = encodingCharacters.isEmpty() ? '^' : encodingCharacters.charAt(0);
        String trigger = component(fields[9], component, 1);
        ack.append(separator)
                .append(ZonedDateTime.now().format(ACK_TIME))
                .append(separator)
                .append(separator)
                .append("ACK");
        if (!trigger.isEmpty()) {
            ack.append(component).append(trigger).append(component).append("ACK");
        }
        return ack.append(separator)
                .append(controlId)
                .append(separator)
                .append(fields[11])
                .append(separator)
                .append(fields[12])
                .append("\rMSA")
                .append(separator)
                .append(code.name())
                .append(separator)
                .append(fields[10])
                .append('\r')
                .toString();
    }

    private static String component(String field, char separator, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            int next = field.indexOf(separator, start);
            if (next < 0) {
                return "";
            }
            start = next + 1;
        }
        int end = field.indexOf(separator, start);
        return end < 0 ? field.substring(start) : field.substring(start, end);
    }

    /** An AE or AR acknowledgment of a parsed message with an ERR segment describing the problem. */
    public static String forMessage(Message message, AcknowledgmentCode code, Hl7Problem problem) {
        try {
            return message.generateACK(code, error(problem)).encode();
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot build an acknowledgment", e);
        }
    }

    /**
     * An enhanced-mode application acknowledgment of a parsed message: an ACK with MSA-1 {@code code}
     * (AA, AE or AR) and, when given, an ERR segment; its own MSH-15 asks the receiver for an accept
     * acknowledgment (AL) and no application acknowledgment (NE).
     */
    public static String applicationAcknowledgment(
            Message message, AcknowledgmentCode code, @org.jspecify.annotations.Nullable Hl7Problem problem) {
        try {
            Message ack = problem == null ? message.generateACK(code, null) : message.generateACK(code, error(problem));
            ca.uhn.hl7v2.util.Terser terser = new ca.uhn.hl7v2.util.Terser(ack);
            terser.set("/MSH-15", "AL");
            terser.set("/MSH-16", "NE");
            return ack.encode();
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot build an application acknowledgment", e);
        }
    }

    private static HL7Exception error(Hl7Problem problem) {
        HL7Exception error = new HL7Exception(problem.text(), problem.code());
        if (problem.segment() != null) {
            error.setSegmentName(problem.segment());
            error.setSegmentRepetition(1);
        }
        if (problem.field() > 0) {
            error.setFieldPosition(problem.field());
        }
        return error;
    }

    /**
     * An AR for input that could not be parsed, built without a parser from whatever header fields could
     * be read. MSA-2 echoes MSH-10 when the input had one.
     */
    public static String rejectUnparseable(RawHeader header, ErrorCode code, String reason) {
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(HL7_TIME);
        String controlId = "IS" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
        String text = reason.replaceAll("[|^~\\\\&\r\n]", " ");
        return "MSH|^~\\&|" + escape(header.receivingApplication()) + "|" + escape(header.receivingFacility()) + "|"
                + escape(header.sendingApplication()) + "|" + escape(header.sendingFacility()) + "|" + now
                + "||ACK|" + controlId + "|P|" + Hl7Parsing.CANONICAL_VERSION + "\r"
                + "MSA|AR|" + escape(header.controlId()) + "\r"
                + "ERR|||" + code.getCode() + "^" + code.getMessage() + "^HL70357|E||||" + text + "\r";
    }

    private static String escape(String value) {
        // header fields are echoed whole; anything that would break the segment is dropped
        return value.replaceAll("[|\r\n]", "");
    }
}
