package health.isthmus.dicomweb.wado;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The media ranges of an Accept header (PS3.18 8.7, RFC 9110 12.5.1): type, subtype, parameters (quoted values
 * unquoted, names lower-case) and quality, most preferred first; equal qualities keep the client's order. Ranges of
 * quality 0 are left out. An absent or empty header accepts anything.
 */
final class AcceptHeader {

    private AcceptHeader() {}

    /** One media range. */
    record MediaRange(String type, String subtype, Map<String, String> parameters, double quality) {

        /** Whether this range covers a media type (a wildcard range, the type with any subtype, or the type itself). */
        boolean covers(String mediaType) {
            int slash = mediaType.indexOf('/');
            String wantedType = mediaType.substring(0, slash);
            String wantedSubtype = mediaType.substring(slash + 1);
            return (type.equals("*") || type.equals(wantedType))
                    && (subtype.equals("*") || subtype.equals(wantedSubtype));
        }

        /** Whether this is the range of every media type. */
        boolean isWildcard() {
            return type.equals("*") && subtype.equals("*");
        }

        @Nullable
        String parameter(String name) {
            return parameters.get(name);
        }

        /** The {@code type} parameter of a multipart range, lower-case, or null. */
        @Nullable
        String partType() {
            String part = parameters.get("type");
            return part == null ? null : part.toLowerCase(Locale.ROOT);
        }

        /** The {@code transfer-syntax} parameter, or null. */
        @Nullable
        String transferSyntax() {
            return parameters.get("transfer-syntax");
        }
    }

    /** The ranges of a header, most preferred first. Malformed ranges are left out. */
    static List<MediaRange> parse(@Nullable String header) {
        List<MediaRange> ranges = new ArrayList<>();
        if (header == null || header.isBlank()) {
            ranges.add(new MediaRange("*", "*", Map.of(), 1.0));
            return ranges;
        }
        for (String element : split(header, ',')) {
            MediaRange range = range(element);
            if (range != null && range.quality() > 0) {
                ranges.add(range);
            }
        }
        ranges.sort(Comparator.comparingDouble(MediaRange::quality).reversed());
        return ranges;
    }

    /** Several Accept headers (a client may send more than one) as one list. */
    static List<MediaRange> parse(List<String> headers) {
        if (headers.isEmpty()) {
            return parse((String) null);
        }
        return parse(String.join(",", headers));
    }

    private static @Nullable MediaRange range(String element) {
        List<String> pieces = split(element, ';');
        if (pieces.isEmpty()) {
            return null;
        }
        String mediaType = pieces.getFirst().strip().toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        if (mediaType.isEmpty() || slash <= 0 || slash == mediaType.length() - 1) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        double quality = 1.0;
        for (String piece : pieces.subList(1, pieces.size())) {
            int equals = piece.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = piece.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = unquote(piece.substring(equals + 1).strip());
            if (name.equals("q")) {
                try {
                    quality = Math.max(0, Math.min(1, Double.parseDouble(value)));
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                parameters.put(name, value);
            }
        }
        return new MediaRange(mediaType.substring(0, slash), mediaType.substring(slash + 1), parameters, quality);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }

    /** Splits at a separator outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                if (!current.toString().isBlank()) {
                    parts.add(current.toString());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
