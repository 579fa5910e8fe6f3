package health.isthmus.worklist.mwl;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DateRange;
import health.isthmus.dicom.data.InvalidValueException;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.TimeRange;
import health.isthmus.dicom.data.VR;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Attribute matching of PS3.4 C.2.2.2 as the Modality Worklist uses it (K.6.1.2): a query identifier against the
 * complete data set of one worklist item.
 *
 * <ul>
 *   <li>A key without a value matches everything (universal matching).
 *   <li>UI keys with several values match any of them (list of UID matching).
 *   <li>DA and TM keys match a single value or a range; Scheduled Procedure Step Start Date and Time given together
 *       match as one date-time range (C.2.2.2.5.1).
 *   <li>PN keys match with {@code *} and {@code ?} wildcards, ignoring case and trailing empty components, on the
 *       alphabetic component group.
 *   <li>Other string keys match a single value, or a pattern with {@code *} and {@code ?}, case-sensitively.
 *   <li>A sequence key with one item matches when some item of the candidate's sequence matches every key of it.
 *   <li>A key with a value never matches an item whose value is unknown; a key the item model does not hold (not
 *       present in the candidate at all) is not a matching key: it is ignored, and answered empty.
 * </ul>
 */
public final class MwlMatcher {

    private MwlMatcher() {}

    /**
     * Whether the candidate matches every key of the query.
     *
     * @throws InvalidValueException when a date or time key is no valid value or range
     */
    public static boolean matches(Attributes query, Attributes candidate) {
        for (int i = 0; i < query.size(); i++) {
            int tag = query.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || (tag & 0xFFFF) == 0 || !candidate.contains(tag)) {
                continue;
            }
            if (tag == Tag.ScheduledProcedureStepStartTime && combinedDateTime(query)) {
                continue; // matched together with the date
            }
            VR vr = query.vrAt(i);
            boolean matched = vr == VR.SQ
                    ? matchesSequence(query.getSequence(tag), candidate.getSequence(tag))
                    : matchesValue(tag, vr, query, candidate);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesSequence(@Nullable Sequence keys, @Nullable Sequence items) {
        if (keys == null || keys.size() == 0 || keys.get(0).isEmpty()) {
            return true;
        }
        if (items == null) {
            return false;
        }
        Attributes key = keys.get(0);
        for (int i = 0; i < items.size(); i++) {
            if (matches(key, items.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesValue(int tag, VR vr, Attributes query, Attributes candidate) {
        String[] wanted = query.getStrings(tag);
        if (wanted == null || wanted.length == 0 || (wanted.length == 1 && wanted[0].isEmpty())) {
            return true;
        }
        if (isUniversalWildcard(wanted)) {
            return true;
        }
        if (tag == Tag.ScheduledProcedureStepStartDate && combinedDateTime(query)) {
            return matchesDateTime(query, candidate);
        }
        String value = candidate.getString(tag);
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (vr) {
            case UI -> {
                for (String uid : wanted) {
                    if (uid.equals(value)) {
                        yield true;
                    }
                }
                yield false;
            }
            case DA -> DateRange.parse(String.join("", wanted)).contains(candidate.getDate(tag));
            case TM -> TimeRange.parse(String.join("", wanted)).contains(candidate.getTime(tag));
            case PN -> {
                for (String name : wanted) {
                    if (wildcard(personName(name), personName(value), true)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> {
                for (String pattern : wanted) {
                    if (wildcard(pattern, value, false)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    private static boolean isUniversalWildcard(String[] wanted) {
        for (String value : wanted) {
            if (!value.chars().allMatch(c -> c == '*')) {
                return false;
            }
        }
        return true;
    }

    /** Whether the query gives both the SPS start date and time with values (matched as one date-time). */
    private static boolean combinedDateTime(Attributes query) {
        return hasValue(query, Tag.ScheduledProcedureStepStartDate)
                && hasValue(query, Tag.ScheduledProcedureStepStartTime);
    }

    private static boolean hasValue(Attributes attributes, int tag) {
        String value = attributes.getString(tag);
        return value != null && !value.isEmpty();
    }

    private static boolean matchesDateTime(Attributes query, Attributes candidate) {
        LocalDate day = candidate.getDate(Tag.ScheduledProcedureStepStartDate);
        if (day == null) {
            return false;
        }
        LocalTime time = candidate.getTime(Tag.ScheduledProcedureStepStartTime);
        LocalDateTime at = day.atTime(time == null ? LocalTime.MIDNIGHT : time);
        DateRange days = DateRange.parse(query.getString(Tag.ScheduledProcedureStepStartDate, ""));
        TimeRange times = TimeRange.parse(query.getString(Tag.ScheduledProcedureStepStartTime, ""));
        if (days.start() != null) {
            LocalDateTime from = days.start().atTime(times.start() == null ? LocalTime.MIN : times.start());
            if (at.isBefore(from)) {
                return false;
            }
        }
        if (days.end() != null) {
            LocalDateTime to = days.end().atTime(times.end() == null ? LocalTime.MAX : times.end());
            if (at.isAfter(to)) {
                return false;
            }
        }
        if (days.start() == null && days.end() == null) {
            return time != null && times.contains(time);
        }
        return true;
    }

    /** The alphabetic component group in upper case, trailing empty components dropped. */
    static String personName(String name) {
        int groupEnd = name.indexOf('=');
        String alphabetic = groupEnd < 0 ? name : name.substring(0, groupEnd);
        int end = alphabetic.length();
        while (end > 0 && (alphabetic.charAt(end - 1) == '^' || alphabetic.charAt(end - 1) == ' ')) {
            end--;
        }
        return alphabetic.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** Whether the value matches the pattern, where {@code *} stands for any run and {@code ?} for one character. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toUpperCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toUpperCase(Locale.ROOT) : value;
        int pi = 0;
        int vi = 0;
        int star = -1;
        int starValue = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                starValue = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++starValue;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
