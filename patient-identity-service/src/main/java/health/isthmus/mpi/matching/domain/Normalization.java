package health.isthmus.mpi.matching.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Brings free text from different systems to one form before it is compared: upper case, no diacritics, no
 * punctuation, single spaces. Apostrophes vanish ({@code O'Brien} = {@code OBRIEN}); hyphens and dots separate
 * words ({@code Smith-Jones} = {@code SMITH JONES}).
 */
public final class Normalization {

    /** Letters that NFD does not decompose into a base letter and a mark. */
    private static final Map<Character, String> LIGATURES = Map.of(
            'ß', "SS", 'Æ', "AE", 'æ', "AE", 'Ø', "O", 'ø', "O", 'Œ', "OE", 'œ', "OE", 'Ł', "L", 'ł', "L", 'Đ', "D");

    /** Street types written in full or abbreviated, reduced to one spelling. */
    private static final Map<String, String> STREET_TYPES = Map.ofEntries(
            Map.entry("STREET", "ST"),
            Map.entry("STR", "ST"),
            Map.entry("ROAD", "RD"),
            Map.entry("AVENUE", "AVE"),
            Map.entry("AV", "AVE"),
            Map.entry("LANE", "LN"),
            Map.entry("DRIVE", "DR"),
            Map.entry("COURT", "CT"),
            Map.entry("PLACE", "PL"),
            Map.entry("SQUARE", "SQ"),
            Map.entry("CLOSE", "CL"),
            Map.entry("TERRACE", "TER"),
            Map.entry("BOULEVARD", "BLVD"),
            Map.entry("APARTMENT", "APT"),
            Map.entry("FLAT", "APT"),
            Map.entry("NORTH", "N"),
            Map.entry("SOUTH", "S"),
            Map.entry("EAST", "E"),
            Map.entry("WEST", "W"));

    private Normalization() {}

    /** The normalised text, or an empty string for {@code null} or text without letters and digits. */
    public static String text(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingSpace = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK || c == '\'' || c == '’' || c == '`') {
                continue;
            }
            String ligature = LIGATURES.get(c);
            if (ligature != null || Character.isLetterOrDigit(c)) {
                if (pendingSpace && !out.isEmpty()) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(ligature != null ? ligature : String.valueOf(c).toUpperCase(Locale.ROOT));
            } else {
                pendingSpace = true;
            }
        }
        return out.toString();
    }

    /** The words of the normalised text. */
    public static List<String> words(@Nullable String raw) {
        String text = text(raw);
        return text.isEmpty() ? List.of() : List.of(text.split(" "));
    }

    /** Letters and digits only, upper case: for identifiers, national ids and postal codes. */
    public static String compact(@Nullable String raw) {
        return text(raw).replace(" ", "");
    }

    /**
     * The last nine digits of a phone number, so that a national trunk prefix or a country code written by one
     * system and not by another does not matter; empty when fewer than six digits were given.
     */
    public static String phone(@Nullable String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() < 6) {
            return "";
        }
        return digits.length() > 9 ? digits.substring(digits.length() - 9) : digits.toString();
    }

    /** An address line with street types and compass points in one spelling: {@code 12 High Street} = {@code 12 HIGH ST}. */
    public static String addressLine(@Nullable String raw) {
        List<String> words = new ArrayList<>(words(raw));
        words.replaceAll(word -> STREET_TYPES.getOrDefault(word, word));
        return String.join(" ", words);
    }
}
