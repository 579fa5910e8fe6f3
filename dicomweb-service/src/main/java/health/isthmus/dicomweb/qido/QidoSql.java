package health.isthmus.dicomweb.qido;

import health.isthmus.dicom.data.DateRange;
import health.isthmus.dicom.data.TimeRange;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.platform.web.BadRequestException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Translates matching keys into SQL conditions with bound parameters (PS3.4 C.2.2.2): single value, wildcard ({@code *}
 * and {@code ?} become {@code LIKE} patterns with {@code %} and {@code _} escaped), UID lists, date and time ranges,
 * universal matching (no condition), and fuzzy person-name matching. No query value ever becomes SQL text.
 */
final class QidoSql {

    private static final Pattern UID_SEPARATORS = Pattern.compile("[,\\\\]");
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    private final StringBuilder where = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    /** The conditions joined with {@code and}, each starting with " and ", or an empty string. */
    String where() {
        return where.toString();
    }

    List<Object> parameters() {
        return parameters;
    }

    void and(String condition, Object... values) {
        where.append(" and ").append(condition);
        parameters.addAll(Arrays.asList(values));
    }

    /**
     * Adds the condition of one matching key.
     *
     * @param name the attribute as the client named it, for error messages
     * @param expression the SQL expression of the stored value (text, or text[] for {@link QidoAttribute.Match#ANY_OF})
     * @param searchExpression for fuzzy person-name matching, the upper-cased expression to match, else null
     * @param expressionParameters parameters the expression itself binds (placed before the value's)
     */
    void match(
            String name,
            QidoAttribute.Match match,
            String expression,
            List<Object> expressionParameters,
            String value,
            boolean fuzzy,
            @Nullable String searchExpression) {
        if (value.isEmpty() || value.equals("*")) {
            return; // universal matching
        }
        switch (match) {
            case UID -> {
                String[] uids = UID_SEPARATORS.split(value);
                for (String uid : uids) {
                    if (!Uids.isValid(uid.strip())) {
                        throw new BadRequestException(name + ": not a UID or list of UIDs");
                    }
                }
                String[] stripped = Arrays.stream(uids).map(String::strip).toArray(String[]::new);
                condition(expression + " = any(?)", expressionParameters, (Object) stripped);
            }
            case DATE -> range(name, expression, expressionParameters, dateRange(name, value));
            case TIME -> range(name, expression, expressionParameters, timeRange(name, value));
            case INTEGER -> {
                try {
                    condition(expression + " = ?", expressionParameters, Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new BadRequestException(name + ": not an integer");
                }
            }
            case ANY_OF -> {
                if (hasWildcard(value)) {
                    condition(
                            "exists (select 1 from unnest(" + expression + ") m where m like ? escape '\\')",
                            expressionParameters,
                            like(value));
                } else {
                    String[] values = Arrays.stream(UID_SEPARATORS.split(value))
                            .map(String::strip)
                            .toArray(String[]::new);
                    condition(expression + " && ?::text[]", expressionParameters, (Object) values);
                }
            }
            case PERSON_NAME -> {
                if (fuzzy && searchExpression != null) {
                    fuzzyName(searchExpression, expressionParameters, value);
                } else {
                    string(expression, expressionParameters, value);
                }
            }
            case STRING -> string(expression, expressionParameters, value);
            case NONE -> throw new BadRequestException(name + ": not supported as a matching key");
        }
    }

    /** The stored-value expression of an extra attribute held as DICOM JSON in a jsonb column. */
    static String extraExpression(String jsonColumn, VR vr) {
        return vr == VR.PN
                ? "jsonb_extract_path_text(" + jsonColumn + ", ?, 'Value', '0', 'Alphabetic')"
                : "jsonb_extract_path_text(" + jsonColumn + ", ?, 'Value', '0')";
    }

    /** The match kind of an extra attribute, from its VR. */
    static QidoAttribute.Match extraMatch(VR vr) {
        return switch (vr) {
            case DA -> QidoAttribute.Match.DATE;
            case TM -> QidoAttribute.Match.TIME;
            case UI -> QidoAttribute.Match.UID;
            case PN -> QidoAttribute.Match.PERSON_NAME;
            default -> QidoAttribute.Match.STRING;
        };
    }

    private void string(String expression, List<Object> expressionParameters, String value) {
        if (hasWildcard(value)) {
            condition(expression + " like ? escape '\\'", expressionParameters, like(value));
        } else {
            condition(expression + " = ?", expressionParameters, value);
        }
    }

    /**
     * Fuzzy person-name matching: case-insensitive; a value with a component separator ({@code ^}) is a prefix of the
     * whole name, a value without one a prefix of any component or word of it.
     */
    private void fuzzyName(String searchExpression, List<Object> expressionParameters, String value) {
        String pattern = like(value.toUpperCase(Locale.ROOT));
        if (!pattern.endsWith("%")) {
            pattern = pattern + "%";
        }
        if (value.contains("^")) {
            condition(searchExpression + " like ? escape '\\'", expressionParameters, pattern);
            return;
        }
        List<Object> all = new ArrayList<>();
        all.addAll(expressionParameters);
        all.add(pattern);
        all.addAll(expressionParameters);
        all.add("%^" + pattern);
        all.addAll(expressionParameters);
        all.add("% " + pattern);
        where.append(" and (")
                .append(searchExpression)
                .append(" like ? escape '\\' or ")
                .append(searchExpression)
                .append(" like ? escape '\\' or ")
                .append(searchExpression)
                .append(" like ? escape '\\')");
        parameters.addAll(all);
    }

    private void range(String name, String expression, List<Object> expressionParameters, String[] bounds) {
        if (bounds[0] != null && bounds[0].equals(bounds[1]) && bounds[1].length() == 8) {
            condition(expression + " = ?", expressionParameters, bounds[0]);
            return;
        }
        if (bounds[0] != null) {
            condition(expression + " >= ?", expressionParameters, bounds[0]);
        }
        if (bounds[1] != null) {
            condition(expression + " <= ?", expressionParameters, bounds[1]);
        }
    }

    private void condition(String sql, List<Object> expressionParameters, Object value) {
        where.append(" and ").append(sql);
        parameters.addAll(expressionParameters);
        parameters.add(value);
    }

    /** A DA value or range as inclusive {@code yyyyMMdd} bounds, null where open. */
    static @Nullable String[] dateRange(String name, String value) {
        if (value.equals("-") || value.chars().filter(c -> c == '-').count() > 1) {
            throw new BadRequestException(name + ": not a date or date range (YYYYMMDD, YYYYMMDD-YYYYMMDD)");
        }
        try {
            DateRange range = DateRange.parse(value);
            String[] bounds = {
                range.start() == null ? null : range.start().format(DA),
                range.end() == null ? null : range.end().format(DA)
            };
            if (bounds[0] != null && bounds[1] != null && bounds[0].compareTo(bounds[1]) > 0) {
                throw new BadRequestException(name + ": the range ends before it starts");
            }
            return bounds;
        } catch (BadRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadRequestException(name + ": not a date or date range (YYYYMMDD, YYYYMMDD-YYYYMMDD)");
        }
    }

    /**
     * A TM value or range as inclusive text bounds comparable with stored TM values: the start padded with zeros, the
     * end with the last instant of the hour, minute or second it names.
     */
    static @Nullable String[] timeRange(String name, String value) {
        if (value.equals("-") || value.chars().filter(c -> c == '-').count() > 1) {
            throw new BadRequestException(name + ": not a time or time range (HHMMSS, HHMM-HHMM)");
        }
        try {
            TimeRange range = TimeRange.parse(value);
            return new String[] {
                range.start() == null ? null : tm(range.start(), false),
                range.end() == null ? null : tm(range.end(), true)
            };
        } catch (RuntimeException e) {
            throw new BadRequestException(name + ": not a time or time range (HHMMSS, HHMM-HHMM)");
        }
    }

    private static String tm(LocalTime time, boolean end) {
        String whole = time.format(TM);
        int micros = time.getNano() / 1000;
        return end || micros != 0 ? whole + String.format(Locale.ROOT, ".%06d", micros) : whole;
    }

    static boolean hasWildcard(String value) {
        return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
    }

    /** A QIDO wildcard value as a LIKE pattern (escape character backslash). */
    static String like(String value) {
        StringBuilder pattern = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\', '%', '_' -> pattern.append('\\').append(c);
                case '*' -> pattern.append('%');
                case '?' -> pattern.append('_');
                default -> pattern.append(c);
            }
        }
        return pattern.toString();
    }
}
