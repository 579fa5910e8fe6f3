package health.isthmus.dicom.data;

import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/**
 * A TM range as used in queries ("0800-1200", "-1200", "0800-"); a partial end such as "12" reaches 12:59:59.999999.
 *
 * @param start first time, or null when open
 * @param end last time, or null when open
 */
public record TimeRange(@Nullable LocalTime start, @Nullable LocalTime end) {

    /** Parses a TM value or range. */
    public static TimeRange parse(String text) {
        String s = text.strip();
        int dash = s.indexOf('-');
        if (dash < 0) {
            return new TimeRange(DicomDates.parseTime(s, false), DicomDates.parseTime(s, true));
        }
        String from = s.substring(0, dash);
        String to = s.substring(dash + 1);
        return new TimeRange(
                from.isBlank() ? null : DicomDates.parseTime(from, false),
                to.isBlank() ? null : DicomDates.parseTime(to, true));
    }

    /** Whether a time lies in the range. */
    public boolean contains(LocalTime time) {
        return (start == null || !time.isBefore(start)) && (end == null || !time.isAfter(end));
    }
}
