package health.isthmus.hl7.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps MSH-18 (HL7 table 0211) to Java character sets, reading it from the raw bytes before the message
 * is decoded. MSH is ASCII in every supported encoding, so its fields can be found byte by byte.
 */
public final class Hl7Charsets {

    private static final Map<String, Charset> TABLE_0211 = Map.ofEntries(
            Map.entry("ASCII", StandardCharsets.US_ASCII),
            Map.entry("8859/1", StandardCharsets.ISO_8859_1),
            Map.entry("8859/2", Charset.forName("ISO-8859-2")),
            Map.entry("8859/5", Charset.forName("ISO-8859-5")),
            Map.entry("8859/7", Charset.forName("ISO-8859-7")),
            Map.entry("8859/15", Charset.forName("ISO-8859-15")),
            Map.entry("UNICODE UTF-8", StandardCharsets.UTF_8),
            Map.entry("UNICODE", StandardCharsets.UTF_8));

    private Hl7Charsets() {}

    /** The character set named by a MSH-18 value, if it is one this platform reads. */
    public static Optional<Charset> forMsh18(String value) {
        return Optional.ofNullable(TABLE_0211.get(value.trim().toUpperCase(Locale.ROOT)));
    }

    /**
     * The character set of a raw message: MSH-18's first repetition when present and known, otherwise the
     * fallback (the sender's configured default).
     *
     * <p>Some senders write the character set one field too far, into MSH-19 (principal language); when
     * MSH-18 is empty and MSH-19 holds a table 0211 value, that value is honoured.
     *
     * @throws UnsupportedCharsetException when MSH-18 names a character set this platform cannot read
     */
    public static Charset detect(byte[] raw, Charset fallback) {
        String header = RawHeader.firstSegment(raw);
        String msh18 = RawHeader.field(header, 18);
        if (msh18.isEmpty()) {
            return forMsh18(RawHeader.field(header, 19)).orElse(fallback);
        }
        String first = msh18.split("~", -1)[0];
        return forMsh18(first).orElseThrow(() -> new UnsupportedCharsetException(first));
    }

    /** MSH-18 names a character set this platform does not read. */
    public static final class UnsupportedCharsetException extends RuntimeException {

        public UnsupportedCharsetException(String name) {
            super("unsupported character set in MSH-18: " + name);
        }
    }
}
