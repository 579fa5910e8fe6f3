package health.isthmus.dicom.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Locale;

/**
 * Parsing and formatting of DA, TM and DT values (PS3.5 6.2), including the partial precision the standard allows
 * ("2024", "1530") and the legacy forms with separators ("2024.01.31", "15:30:00").
 */
public final class DicomDates {

    private DicomDates() {}

    /** Parses a DA value "YYYYMMDD" (or legacy "YYYY.MM.DD"). */
    public static LocalDate parseDate(String text) {
        String s = text.strip().replace(".", "");
        if (s.length() != 8 || !digits(s, 0, 8)) {
            throw new InvalidValueException("not a DA value: '" + text + "'");
        }
        try {
            return LocalDate.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8));
        } catch (DateTimeException e) {
            throw new InvalidValueException("not a DA value: '" + text + "'", e);
        }
    }

    /** Parses a TM value "HH[MM[SS[.F{1,6}]]]" (or legacy "HH:MM:SS"); missing parts are zero. */
    public static LocalTime parseTime(String text) {
        return parseTime(text, false);
    }

    /**
     * Parses a TM value; with {@code upperBound} missing parts take their largest value, as the end of a range
     * ("10" as an upper bound is 10:59:59.999999).
     */
    public static LocalTime parseTime(String text, boolean upperBound) {
        String s = text.strip().replace(":", "");
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        if ((whole.length() != 2 && whole.length() != 4 && whole.length() != 6)
                || !digits(whole, 0, whole.length())
                || fraction.length() > 6
                || !digits(fraction, 0, fraction.length())
                || (dot >= 0 && whole.length() != 6)) {
            throw new InvalidValueException("not a TM value: '" + text + "'");
        }
        try {
            int hour = num(whole, 0, 2);
            int minute = whole.length() >= 4 ? num(whole, 2, 4) : upperBound ? 59 : 0;
            int second = whole.length() >= 6 ? Math.min(59, num(whole, 4, 6)) : upperBound ? 59 : 0;
            int nanos;
            if (!fraction.isEmpty()) {
                String padded = (fraction + (upperBound ? "999999" : "000000")).substring(0, 6);
                nanos = Integer.parseInt(padded) * 1000;
            } else {
                nanos = upperBound ? 999_999_000 : 0;
            }
            return LocalTime.of(hour, minute, second, nanos);
        } catch (DateTimeException e) {
            throw new InvalidValueException("not a TM value: '" + text + "'", e);
        }
    }

    /**
     * Parses a DT value "YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]": a {@link OffsetDateTime} when it carries an
     * offset, else a {@link LocalDateTime}.
     */
    public static Temporal parseDateTime(String text) {
        return parseDateTime(text, false);
    }

    /** Parses a DT value; with {@code upperBound} missing parts take their largest value. */
    public static Temporal parseDateTime(String text, boolean upperBound) {
        String s = text.strip();
        ZoneOffset offset = null;
        int sign = Math.max(s.indexOf('+'), s.indexOf('-'));
        if (sign > 0) {
            String zone = s.substring(sign);
            if (zone.length() != 5 || !digits(zone, 1, 5)) {
                throw new InvalidValueException("not a DT offset: '" + text + "'");
            }
            try {
                offset = ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3));
            } catch (DateTimeException e) {
                throw new InvalidValueException("not a DT offset: '" + text + "'", e);
            }
            s = s.substring(0, sign);
        }
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        if (whole.length() < 4 || whole.length() > 14 || whole.length() % 2 != 0 || !digits(whole, 0, whole.length())) {
            throw new InvalidValueException("not a DT value: '" + text + "'");
        }
        try {
            int year = num(whole, 0, 4);
            int month = whole.length() >= 6 ? num(whole, 4, 6) : upperBound ? 12 : 1;
            LocalDate firstOfMonth = LocalDate.of(year, month, 1);
            int day = whole.length() >= 8 ? num(whole, 6, 8) : upperBound ? firstOfMonth.lengthOfMonth() : 1;
            LocalDate date = LocalDate.of(year, month, day);
            LocalTime time;
            if (whole.length() > 8) {
                time = parseTime(whole.substring(8) + (dot < 0 ? "" : s.substring(dot)), upperBound);
            } else if (dot >= 0) {
                throw new InvalidValueException("not a DT value: '" + text + "'");
            } else {
                time = upperBound ? LocalTime.of(23, 59, 59, 999_999_000) : LocalTime.MIDNIGHT;
            }
            LocalDateTime local = LocalDateTime.of(date, time);
            return offset == null ? local : OffsetDateTime.of(local, offset);
        } catch (DateTimeException e) {
            throw new InvalidValueException("not a DT value: '" + text + "'", e);
        }
    }

    /** Formats a date as DA "YYYYMMDD". */
    public static String formatDate(LocalDate date) {
        return String.format(Locale.ROOT, "%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    /** Formats a time as TM "HHMMSS" or "HHMMSS.FFFFFF" when it has a fraction. */
    public static String formatTime(LocalTime time) {
        String base = String.format(Locale.ROOT, "%02d%02d%02d", time.getHour(), time.getMinute(), time.getSecond());
        int micros = time.getNano() / 1000;
        return micros == 0 ? base : base + String.format(Locale.ROOT, ".%06d", micros);
    }

    /** Formats a local or offset date-time as DT. */
    public static String formatDateTime(Temporal dateTime) {
        return switch (dateTime) {
            case LocalDateTime local -> formatDate(local.toLocalDate()) + formatTime(local.toLocalTime());
            case OffsetDateTime offset ->
                formatDate(offset.toLocalDate())
                        + formatTime(offset.toLocalTime())
                        + offset.getOffset().getId().replace(":", "").replace("Z", "+0000");
            default -> throw new IllegalArgumentException("a DT value is a LocalDateTime or OffsetDateTime");
        };
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
