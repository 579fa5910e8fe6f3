package health.isthmus.hl7.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        String[] fields = fields(firstSegment(raw), 12);
        return new RawHeader(fields[3], fields[4], fields[5], fields[6], fields[9], fields[10], fields[12]);
    }

    /** Whether the raw message starts with an MSH segment with a field separator. */
    public static boolean startsWithMsh(byte[] raw) {
        return firstSegment(raw).length() > 3;
    }

    static String firstSegment(byte[] raw) {
        // decode no further than the end of the first segment; mshSegment skips the leading breaks again
        int end = 0;
        while (end < raw.length && (raw[end] == '\r' || raw[end] == '\n' || raw[end] == ' ')) {
            end++;
        }
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        return mshSegment(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
    }

    /**
     * The MSH segment of a message's decoded text (leading line breaks and spaces skipped, as for raw bytes), or an
     * empty string when the text does not start with one.
     */
    public static String mshSegment(String text) {
        int start = 0;
        while (start < text.length()
                && (text.charAt(start) == '\r' || text.charAt(start) == '\n' || text.charAt(start) == ' ')) {
            start++;
        }
        int end = start;
        while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        String segment = text.substring(start, end);
        return segment.startsWith("MSH") ? segment : "";
    }

    /** Field {@code n} of MSH (MSH-1 being the field separator itself), without components split. */
    static String field(String msh, int n) {
        return fields(msh, n)[n];
    }

    /**
     * MSH-2 to MSH-{@code last} of an MSH segment's text, at their own positions (MSH-n at index n; missing fields,
     * MSH-1 and everything of a segment without a separator are empty), found in one pass and left encoded.
     */
    public static String[] fields(String msh, int last) {
        String[] fields = new String[last + 1];
        Arrays.fill(fields, "");
        if (msh.length() < 4) {
            return fields;
        }
        char separator = msh.charAt(3);
        // MSH-2 starts after the separator that is MSH-1
        int start = 4;
        for (int n = 2; n <= last && start <= msh.length(); n++) {
            int end = msh.indexOf(separator, start);
            if (end < 0) {
                end = msh.length();
            }
            fields[n] = msh.substring(start, end);
            start = end + 1;
        }
        return fields;
    }
}
