package health.isthmus.dicom.data;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A DA range as used in queries: "20240101-20240131", "-20240131", "20240101-", or a single date (start = end).
 *
 * @param start first day, or null when open
 * @param end last day, or null when open
 */
public record DateRange(@Nullable LocalDate start, @Nullable LocalDate end) {

    /** Parses a DA value or range. */
    public static DateRange parse(String text) {
        String s = text.strip();
        int dash = s.indexOf('-');
        if (dash < 0) {
            LocalDate day = DicomDates.parseDate(s);
            return new DateRange(day, day);
        }
        String from = s.substring(0, dash);
        String to = s.substring(dash + 1);
        return new DateRange(
                from.isBlank() ? null : DicomDates.parseDate(from), to.isBlank() ? null : DicomDates.parseDate(to));
    }

    /** Whether a day lies in the range. */
    public boolean contains(LocalDate day) {
        return (start == null || !day.isBefore(start)) && (end == null || !day.isAfter(end));
    }

    /** The DICOM form. */
    @Override
    public String toString() {
        if (start != null && start.equals(end)) {
            return DicomDates.formatDate(start);
        }
        return (start == null ? "" : DicomDates.formatDate(start)) + "-"
                + (end == null ? "" : DicomDates.formatDate(end));
    }
}
