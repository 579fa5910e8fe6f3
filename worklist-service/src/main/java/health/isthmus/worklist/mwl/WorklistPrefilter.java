package health.isthmus.worklist.mwl;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DateRange;
import health.isthmus.dicom.data.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The SQL condition that narrows the scheduled steps to candidates for a query, on indexed columns where the keys
 * allow it. It never excludes a step that matches: exact matching follows in {@link MwlMatcher}. Values travel as
 * parameters only.
 *
 * @param where the condition, with {@code ?} for each parameter
 * @param parameters the parameters in order
 */
public record WorklistPrefilter(String where, List<Object> parameters) {

    public WorklistPrefilter {
        parameters = List.copyOf(parameters);
    }

    /**
     * The condition for a query identifier, the statuses served and, when the calling AE title has a station
     * filter, the station AE titles it may see.
     */
    public static WorklistPrefilter of(Attributes identifier, List<String> statuses, @Nullable List<String> stations) {
        Builder where = new Builder();
        where.in("status", statuses);
        where.add("not on_hold");
        if (stations != null) {
            where.in("scheduled_station_ae_title", stations);
        }
        where.text("patient_id", identifier.getString(Tag.PatientID));
        where.text("issuer_of_patient_id", identifier.getString(Tag.IssuerOfPatientID));
        where.text("accession_number", identifier.getString(Tag.AccessionNumber));
        where.text("requested_procedure_id", identifier.getString(Tag.RequestedProcedureID));
        where.uids("study_instance_uid", identifier.getStrings(Tag.StudyInstanceUID));
        where.personName("patient_name", identifier.getString(Tag.PatientName));
        Attributes step = identifier.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        if (step != null) {
            where.text("modality", step.getString(Tag.Modality));
            where.text("scheduled_station_ae_title", step.getString(Tag.ScheduledStationAETitle));
            where.text("scheduled_procedure_step_id", step.getString(Tag.ScheduledProcedureStepID));
            where.personName("performing_physician", step.getString(Tag.ScheduledPerformingPhysicianName));
            String days = step.getString(Tag.ScheduledProcedureStepStartDate);
            if (days != null && !days.isEmpty()) {
                DateRange range = DateRange.parse(days);
                where.compare("scheduled_start_date", ">=", range.start());
                where.compare("scheduled_start_date", "<=", range.end());
            }
        }
        return new WorklistPrefilter(String.join(" and ", where.conditions), where.parameters);
    }

    private static final class Builder {
        final List<String> conditions = new ArrayList<>();
        final List<Object> parameters = new ArrayList<>();

        void add(String condition, Object... values) {
            conditions.add(condition);
            parameters.addAll(List.of(values));
        }

        void in(String column, List<String> values) {
            if (values.isEmpty()) {
                add("false");
                return;
            }
            add(column + " in (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")", values.toArray());
        }

        void text(String column, @Nullable String value) {
            if (value == null || value.isEmpty() || value.chars().allMatch(c -> c == '*')) {
                return;
            }
            if (value.indexOf('*') < 0 && value.indexOf('?') < 0) {
                add(column + " = ?", value);
            } else {
                add(column + " like ?", like(value));
            }
        }

        void uids(String column, String @Nullable [] uids) {
            if (uids == null || uids.length == 0 || (uids.length == 1 && uids[0].isEmpty())) {
                return;
            }
            in(column, List.of(uids));
        }

        /** Case-insensitive on the literal (ASCII) part before the first wildcard: PN matching ignores case. */
        void personName(String column, @Nullable String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            String name = MwlMatcher.personName(value);
            int wildcard = firstWildcard(name);
            String prefix = wildcard < 0 ? name : name.substring(0, wildcard);
            if (prefix.isEmpty() || !prefix.chars().allMatch(c -> c < 0x80)) {
                return; // beyond ASCII, PostgreSQL's upper() and Java's may disagree: Java alone decides
            }
            add("upper(" + column + ") like ?", escape(prefix.toUpperCase(Locale.ROOT)) + "%");
        }

        void compare(String column, String operator, @Nullable LocalDate day) {
            if (day != null) {
                add(column + " " + operator + " ?", day);
            }
        }

        private static int firstWildcard(String value) {
            int star = value.indexOf('*');
            int question = value.indexOf('?');
            return star < 0 ? question : question < 0 ? star : Math.min(star, question);
        }

        private static String like(String pattern) {
            return escape(pattern).replace('*', '%').replace('?', '_');
        }

        private static String escape(String literal) {
            return literal.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }
}
