package health.isthmus.dicom.data;

import java.time.temporal.Temporal;
import org.jspecify.annotations.Nullable;

/**
 * A DT range as used in queries; each end is a {@link java.time.LocalDateTime} or, when it carries an offset, a
 * {@link java.time.OffsetDateTime}.
 *
 * @param start first instant, or null when open
 * @param end last instant, or null when open
 */
public record DateTimeRange(
        @Nullable Temporal start, @Nullable Temporal end) {

    /** Parses a DT value or range; the range dash is the one not followed by a four-digit offset alone. */
    public static DateTimeRange parse(String text) {
        String s = text.strip();
        int dash = rangeDash(s);
        if (dash < 0) {
            return new DateTimeRange(DicomDates.parseDateTime(s, false), DicomDates.parseDateTime(s, true));
        }
        String from = s.substring(0, dash);
        String to = s.substring(dash + 1);
        return new DateTimeRange(
                from.isBlank() ? null : DicomDates.parseDateTime(from, false),
                to.isBlank() ? null : DicomDates.parseDateTime(to, true));
    }

    private static boolean isOffset(String digits) {
        if (!digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = Integer.parseInt(digits.substring(2));
        return hours <= 14 && minutes < 60;
    }

    private static int rangeDash(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '-') {
                continue;
            }
            boolean offsetOnly = i + 5 == s.length() && i >= 4 && isOffset(s.substring(i + 1));
            if (i == 0 || !offsetOnly) {
                return i;
            }
        }
        return -1;
    }
}
