package health.isthmus.hl7.message;

import java.nio.charset.StandardCharsets;

/**
 * MSH fields read from raw bytes without a parser, for messages too broken to parse and for decisions
 * made before decoding (character set, duplicate check).
 *
 * @param sendingApplication MSH-3
 * @param sendingFacility MSH-4
 * @param receivingApplication MSH-5
 * @param receivingFacility MSH-6
 * @param messageType MSH-9
 * @param controlId MSH-10
 * @param version MSH-12
 */
public record RawHeader(
        String sendingApplication,
        String sendingFacility,
        String receivingApplication,
        String receivingFacility,
        String messageType,
        String controlId,
        String version) {

    /** Reads the header of a raw message; every field is empty when there is no MSH segment. */
    public static RawHeader of(byte[] raw) {
        String msh = firstSegment(raw);
        return new RawHeader(
                field(msh, 3),
                field(msh, 4),
                field(msh, 5),
                field(msh, 6),
                field(msh, 9),
                field(msh, 10),
                field(msh, 12));
    }

    /** Whether the raw message starts with an MSH segment with a field separator. */
    public static boolean startsWithMsh(byte[] raw) {
        return firstSegment(raw).length() > 3;
    }

    static String firstSegment(byte[] raw) {
        int start = 0;
        while (start < raw.length && (raw[start] == '\r' || raw[start] == '\n' || raw[start] == ' ')) {
            start++;
        }
        int end = start;
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        String segment = new String(raw, start, end - start, StandardCharsets.ISO_8859_1);
        return segment.startsWith("MSH") ? segment : "";
    }

    /** Field {@code n} of MSH (MSH-1 being the field separator itself), without components split. */
    static String field(String msh, int n) {
        if (msh.length() < 4) {
            return "";
        }
        char separator = msh.charAt(3);
        String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        // fields[0] is "MSH", fields[1] is MSH-2 (encoding characters): MSH-n is fields[n - 1]
        return n >= 2 && n - 1 < fields.length ? fields[n - 1] : "";
    }
}
