package health.isthmus.worklist.scheduling.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads HL7 v2 DTM values ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) as scheduled starts. */
public final class Hl7DateTimes {

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");

    private Hl7DateTimes() {}

    /**
     * The start a DTM names, in the site's time zone. A value without an offset is the sender's local time, which
     * is the site's; a value with one is moved into the site's zone. Day precision at least is needed to schedule a
     * step; a value without an hour has no start time.
     *
     * @return the start, or null when the value is absent, not a DTM, coarser than a day, or not a real date
     */
    public static @Nullable ScheduledStart scheduledStart(@Nullable String dtm, ZoneId siteZone) {
        if (dtm == null) {
            return null;
        }
        Matcher m = DTM.matcher(dtm.trim());
        if (!m.matches() || m.group(3) == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return new ScheduledStart(
                        date, null, date.atStartOfDay(siteZone).toInstant());
            }
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            LocalTime time = LocalTime.of(
                    Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    nanos);
            LocalDateTime local = LocalDateTime.of(date, time);
            if (m.group(8) == null) {
                var zoned = local.atZone(siteZone);
                return new ScheduledStart(date, time, zoned.toInstant());
            }
            String offset = m.group(8);
            var instant = local.toInstant(ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3)));
            LocalDateTime atSite = LocalDateTime.ofInstant(instant, siteZone);
            return new ScheduledStart(atSite.toLocalDate(), atSite.toLocalTime(), instant);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
