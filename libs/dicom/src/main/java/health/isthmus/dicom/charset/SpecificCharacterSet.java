package health.isthmus.dicom.charset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The character repertoires named by Specific Character Set (0008,0005), for decoding and encoding the values of
 * SH, LO, ST, LT, UC, UT and PN (PS3.5 section 6.1 and Annex H-K).
 *
 * <p>A single defined term without code extensions (ISO_IR 100-203, ISO_IR 192, GB18030, GBK) maps to one Java
 * charset. Terms of the form "ISO 2022 IR nnn", or several values, switch repertoires by ISO 2022 escape
 * sequences; the decoder returns to the first value's repertoire at every value and component delimiter.
 */
public final class SpecificCharacterSet {

    private static final byte ESC = 0x1B;
    private static final Charset EUC_JP = Charset.forName("EUC-JP");
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final Charset GB2312 = Charset.forName("GB2312");

    /** A repertoire reachable by ISO 2022 designation. */
    private enum Repertoire {
        ASCII(false, false, "(B", StandardCharsets.US_ASCII),
        JIS_ROMAN(false, false, "(J", StandardCharsets.US_ASCII),
        JIS_KATAKANA(true, false, ")I", null),
        JIS_X0208(false, true, "$B", EUC_JP),
        JIS_X0212(false, true, "$(D", EUC_JP),
        KS_X1001(true, true, "$)C", EUC_KR),
        GB2312_G1(true, true, "$)A", GB2312),
        LATIN1(true, false, "-A", StandardCharsets.ISO_8859_1),
        LATIN2(true, false, "-B", Charset.forName("ISO-8859-2")),
        LATIN3(true, false, "-C", Charset.forName("ISO-8859-3")),
        LATIN4(true, false, "-D", Charset.forName("ISO-8859-4")),
        CYRILLIC(true, false, "-L", Charset.forName("ISO-8859-5")),
        ARABIC(true, false, "-G", Charset.forName("ISO-8859-6")),
        GREEK(true, false, "-F", Charset.forName("ISO-8859-7")),
        HEBREW(true, false, "-H", Charset.forName("ISO-8859-8")),
        LATIN5(true, false, "-M", Charset.forName("ISO-8859-9")),
        THAI(true, false, "-T", Charset.forName("TIS-620")),
        LATIN9(true, false, "-b", Charset.forName("ISO-8859-15"));

        final boolean g1;
        final boolean multiByte;
        final byte[] escape;
        final @Nullable Charset charset;

        Repertoire(boolean g1, boolean multiByte, String escape, @Nullable Charset charset) {
            this.g1 = g1;
            this.multiByte = multiByte;
            this.escape = escape.getBytes(StandardCharsets.US_ASCII);
            this.charset = charset;
        }
    }

    private record Term(
            @Nullable Charset charset,
            Repertoire g0,
            @Nullable Repertoire g1,
            Repertoire... more) {}

    private static final Map<String, Term> TERMS = Map.ofEntries(
            Map.entry("ISO_IR 6", new Term(null, Repertoire.ASCII, null)),
            Map.entry("ISO_IR 100", new Term(StandardCharsets.ISO_8859_1, Repertoire.ASCII, Repertoire.LATIN1)),
            Map.entry("ISO_IR 101", new Term(Repertoire.LATIN2.charset, Repertoire.ASCII, Repertoire.LATIN2)),
            Map.entry("ISO_IR 109", new Term(Repertoire.LATIN3.charset, Repertoire.ASCII, Repertoire.LATIN3)),
            Map.entry("ISO_IR 110", new Term(Repertoire.LATIN4.charset, Repertoire.ASCII, Repertoire.LATIN4)),
            Map.entry("ISO_IR 144", new Term(Repertoire.CYRILLIC.charset, Repertoire.ASCII, Repertoire.CYRILLIC)),
            Map.entry("ISO_IR 127", new Term(Repertoire.ARABIC.charset, Repertoire.ASCII, Repertoire.ARABIC)),
            Map.entry("ISO_IR 126", new Term(Repertoire.GREEK.charset, Repertoire.ASCII, Repertoire.GREEK)),
            Map.entry("ISO_IR 138", new Term(Repertoire.HEBREW.charset, Repertoire.ASCII, Repertoire.HEBREW)),
            Map.entry("ISO_IR 148", new Term(Repertoire.LATIN5.charset, Repertoire.ASCII, Repertoire.LATIN5)),
            Map.entry("ISO_IR 203", new Term(Repertoire.LATIN9.charset, Repertoire.ASCII, Repertoire.LATIN9)),
            Map.entry("ISO_IR 166", new Term(Repertoire.THAI.charset, Repertoire.ASCII, Repertoire.THAI)),
            Map.entry(
                    "ISO_IR 13", new Term(Charset.forName("JIS_X0201"), Repertoire.JIS_ROMAN, Repertoire.JIS_KATAKANA)),
            Map.entry("ISO_IR 192", new Term(StandardCharsets.UTF_8, Repertoire.ASCII, null)),
            Map.entry("GB18030", new Term(Charset.forName("GB18030"), Repertoire.ASCII, null)),
            Map.entry("GBK", new Term(Charset.forName("GBK"), Repertoire.ASCII, null)),
            Map.entry("ISO 2022 IR 6", new Term(null, Repertoire.ASCII, null)),
            Map.entry("ISO 2022 IR 100", new Term(null, Repertoire.ASCII, Repertoire.LATIN1)),
            Map.entry("ISO 2022 IR 101", new Term(null, Repertoire.ASCII, Repertoire.LATIN2)),
            Map.entry("ISO 2022 IR 109", new Term(null, Repertoire.ASCII, Repertoire.LATIN3)),
            Map.entry("ISO 2022 IR 110", new Term(null, Repertoire.ASCII, Repertoire.LATIN4)),
            Map.entry("ISO 2022 IR 144", new Term(null, Repertoire.ASCII, Repertoire.CYRILLIC)),
            Map.entry("ISO 2022 IR 127", new Term(null, Repertoire.ASCII, Repertoire.ARABIC)),
            Map.entry("ISO 2022 IR 126", new Term(null, Repertoire.ASCII, Repertoire.GREEK)),
            Map.entry("ISO 2022 IR 138", new Term(null, Repertoire.ASCII, Repertoire.HEBREW)),
            Map.entry("ISO 2022 IR 148", new Term(null, Repertoire.ASCII, Repertoire.LATIN5)),
            Map.entry("ISO 2022 IR 203", new Term(null, Repertoire.ASCII, Repertoire.LATIN9)),
            Map.entry("ISO 2022 IR 166", new Term(null, Repertoire.ASCII, Repertoire.THAI)),
            Map.entry("ISO 2022 IR 13", new Term(null, Repertoire.JIS_ROMAN, Repertoire.JIS_KATAKANA)),
            Map.entry("ISO 2022 IR 87", new Term(null, Repertoire.ASCII, null, Repertoire.JIS_X0208)),
            Map.entry("ISO 2022 IR 159", new Term(null, Repertoire.ASCII, null, Repertoire.JIS_X0212)),
            Map.entry("ISO 2022 IR 149", new Term(null, Repertoire.ASCII, Repertoire.KS_X1001)),
            Map.entry("ISO 2022 IR 58", new Term(null, Repertoire.ASCII, Repertoire.GB2312_G1)));

    /** The default repertoire (ISO_IR 6); bytes above 0x7F are read as ISO 8859-1 so no byte is lost. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0]);

    private final String[] terms;
    private final @Nullable Charset single;
    private final boolean codeExtensions;
    private final Repertoire initialG0;
    private final @Nullable Repertoire initialG1;
    private final Repertoire[] repertoires;

    private SpecificCharacterSet(String[] terms) {
        this.terms = terms;
        Term first = terms.length == 0 ? TERMS.get("ISO_IR 6") : termOf(terms[0]);
        Objects.requireNonNull(first);
        this.codeExtensions = terms.length > 1 || (terms.length == 1 && terms[0].startsWith("ISO 2022"));
        this.single = codeExtensions ? null : first.charset();
        this.initialG0 = first.g0();
        this.initialG1 = first.g1();
        this.repertoires = Arrays.stream(terms)
                .map(SpecificCharacterSet::termOf)
                .flatMap(t -> {
                    java.util.stream.Stream.Builder<Repertoire> b = java.util.stream.Stream.builder();
                    b.add(t.g0());
                    if (t.g1() != null) {
                        b.add(t.g1());
                    }
                    for (Repertoire r : t.more()) {
                        b.add(r);
                    }
                    return b.build();
                })
                .distinct()
                .toArray(Repertoire[]::new);
    }

    private static Term termOf(String term) {
        String key = term.trim().toUpperCase(Locale.ROOT);
        Term known = TERMS.get(key);
        if (known == null) {
            // An unknown or empty term reads as the default repertoire; values stay readable as Latin-1.
            return new Term(null, Repertoire.ASCII, null);
        }
        return known;
    }

    /** The character set of the values of Specific Character Set; no values (or only an empty one) is the default. */
    public static SpecificCharacterSet of(String... terms) {
        if (terms.length == 0 || (terms.length == 1 && terms[0].isBlank())) {
            return DEFAULT;
        }
        return new SpecificCharacterSet(terms.clone());
    }

    /** Whether a defined term is known to this class. */
    public static boolean isKnownTerm(String term) {
        return term.isBlank() || TERMS.containsKey(term.trim().toUpperCase(Locale.ROOT));
    }

    /** The defined terms this was made of. */
    public String[] terms() {
        return terms.clone();
    }

    /** Whether ISO 2022 escape sequences switch repertoires. */
    public boolean usesCodeExtensions() {
        return codeExtensions;
    }

    /** Whether this is the default repertoire. */
    public boolean isDefault() {
        return terms.length == 0;
    }

    /** Decodes a value's bytes (padding included; the caller trims). */
    public String decode(byte[] bytes, int offset, int length) {
        if (!codeExtensions) {
            Charset charset = single;
            return new String(bytes, offset, length, charset == null ? StandardCharsets.ISO_8859_1 : charset);
        }
        return decodeWithCodeExtensions(bytes, offset, length);
    }

    /** Decodes a whole value. */
    public String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    private String decodeWithCodeExtensions(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        Repertoire g0 = initialG0;
        Repertoire g1 = initialG1 == null ? Repertoire.LATIN1 : initialG1;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b == ESC) {
                int seqEnd = escapeEnd(bytes, i + 1, end);
                Repertoire designated = designation(bytes, i + 1, seqEnd);
                if (designated == null) {
                    i++; // an unknown escape: drop ESC, keep the rest as text
                    continue;
                }
                if (designated.g1) {
                    g1 = designated;
                } else {
                    g0 = designated;
                }
                i = seqEnd;
                continue;
            }
            if (b < 0x80) {
                if (g0.multiByte && b >= 0x21 && b <= 0x7E) {
                    int runEnd = i;
                    while (runEnd + 1 < end && isGl(bytes[runEnd]) && isGl(bytes[runEnd + 1])) {
                        runEnd += 2;
                    }
                    if (runEnd == i) {
                        out.append((char) b);
                        i++;
                        continue;
                    }
                    out.append(decodeJis(bytes, i, runEnd, g0 == Repertoire.JIS_X0212));
                    i = runEnd;
                    continue;
                }
                if (isDelimiter(b)) {
                    g0 = initialG0;
                    g1 = initialG1 == null ? Repertoire.LATIN1 : initialG1;
                }
                // JIS X 0201 romaji is read as ASCII: 05/12 stays the value delimiter whatever glyph it has there
                out.append((char) b);
                i++;
                continue;
            }
            if (g1.multiByte) {
                int runEnd = i;
                while (runEnd + 1 < end && (bytes[runEnd] & 0xFF) >= 0xA1 && (bytes[runEnd + 1] & 0xFF) >= 0xA1) {
                    runEnd += 2;
                }
                if (runEnd == i) {
                    out.append('\uFFFD');
                    i++;
                    continue;
                }
                out.append(new String(bytes, i, runEnd - i, Objects.requireNonNull(g1.charset)));
                i = runEnd;
            } else if (g1 == Repertoire.JIS_KATAKANA) {
                out.append(b >= 0xA1 && b <= 0xDF ? (char) (0xFF61 + b - 0xA1) : '\uFFFD');
                i++;
            } else {
                out.append(new String(bytes, i, 1, Objects.requireNonNull(g1.charset)));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isGl(byte b) {
        return b >= 0x21 && b <= 0x7E;
    }

    private static boolean isDelimiter(int b) {
        return b == '\\' || b == '^' || b == '=' || b == 0x0D || b == 0x0A || b == 0x0C || b == 0x09;
    }

    private static String decodeJis(byte[] bytes, int from, int to, boolean supplementary) {
        int pairs = (to - from) / 2;
        byte[] euc = new byte[pairs * (supplementary ? 3 : 2)];
        int j = 0;
        for (int i = from; i < to; i += 2) {
            if (supplementary) {
                euc[j++] = (byte) 0x8F;
            }
            euc[j++] = (byte) (bytes[i] | 0x80);
            euc[j++] = (byte) (bytes[i + 1] | 0x80);
        }
        return new String(euc, EUC_JP);
    }

    private static int escapeEnd(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end && i - from < 3) {
            int b = bytes[i] & 0xFF;
            i++;
            if (b >= 0x30 && b <= 0x7E) {
                return i; // final byte
            }
        }
        return i;
    }

    private static @Nullable Repertoire designation(byte[] bytes, int from, int to) {
        for (Repertoire r : Repertoire.values()) {
            if (r.escape.length == to - from && Arrays.equals(r.escape, 0, r.escape.length, bytes, from, to)) {
                return r;
            }
        }
        return null;
    }

    /** Encodes a value; characters the repertoires cannot hold become '?'. */
    public byte[] encode(String value) {
        if (!codeExtensions) {
            Charset charset = single;
            return value.getBytes(charset == null ? StandardCharsets.ISO_8859_1 : charset);
        }
        return encodeWithCodeExtensions(value);
    }

    private byte[] encodeWithCodeExtensions(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() * 2);
        Repertoire g0 = initialG0;
        @Nullable Repertoire g1 = initialG1;
        CharsetEncoder[] encoders = new CharsetEncoder[repertoires.length];
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp < 0x80) {
                if (g0 != Repertoire.ASCII && g0 != Repertoire.JIS_ROMAN) {
                    out.write(ESC);
                    out.writeBytes(Repertoire.ASCII.escape);
                    g0 = Repertoire.ASCII;
                }
                out.write(cp);
                if (isDelimiter(cp)) {
                    g0 = initialG0;
                    g1 = initialG1;
                }
                i += width;
                continue;
            }
            boolean written = false;
            for (int r = 0; r < repertoires.length && !written; r++) {
                Repertoire repertoire = repertoires[r];
                byte[] encoded = encodeIn(repertoire, value.substring(i, i + width), encoders, r);
                if (encoded == null) {
                    continue;
                }
                Repertoire active = repertoire.g1 ? g1 : g0;
                if (active != repertoire) {
                    out.write(ESC);
                    out.writeBytes(repertoire.escape);
                    if (repertoire.g1) {
                        g1 = repertoire;
                    } else {
                        g0 = repertoire;
                    }
                }
                out.writeBytes(encoded);
                written = true;
            }
            if (!written) {
                out.write('?');
            }
            i += width;
        }
        if (g0 != Repertoire.ASCII && g0 != initialG0) {
            out.write(ESC);
            out.writeBytes(Repertoire.ASCII.escape);
        }
        return out.toByteArray();
    }

    private static byte @Nullable [] encodeIn(Repertoire repertoire, String ch, CharsetEncoder[] encoders, int index) {
        if (repertoire == Repertoire.JIS_KATAKANA) {
            char c = ch.charAt(0);
            return c >= 0xFF61 && c <= 0xFF9F ? new byte[] {(byte) (c - 0xFF61 + 0xA1)} : null;
        }
        Charset charset = repertoire.charset;
        if (charset == null || repertoire == Repertoire.ASCII || repertoire == Repertoire.JIS_ROMAN) {
            return null;
        }
        CharsetEncoder encoder = encoders[index];
        if (encoder == null) {
            encoder = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            encoders[index] = encoder;
        }
        ByteBuffer buffer;
        try {
            buffer = encoder.reset().encode(CharBuffer.wrap(ch));
        } catch (CharacterCodingException e) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return switch (repertoire) {
            case JIS_X0208 ->
                bytes.length == 2 && (bytes[0] & 0xFF) >= 0xA1
                        ? new byte[] {(byte) (bytes[0] & 0x7F), (byte) (bytes[1] & 0x7F)}
                        : null;
            case JIS_X0212 ->
                bytes.length == 3 && (bytes[0] & 0xFF) == 0x8F
                        ? new byte[] {(byte) (bytes[1] & 0x7F), (byte) (bytes[2] & 0x7F)}
                        : null;
            case KS_X1001, GB2312_G1 -> bytes.length == 2 && (bytes[0] & 0xFF) >= 0xA1 ? bytes : null;
            default -> bytes.length == 1 && (bytes[0] & 0xFF) >= 0x80 ? bytes : null;
        };
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SpecificCharacterSet that && Arrays.equals(terms, that.terms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(terms);
    }

    @Override
    public String toString() {
        return terms.length == 0 ? "ISO_IR 6" : String.join("\\", terms);
    }
}
