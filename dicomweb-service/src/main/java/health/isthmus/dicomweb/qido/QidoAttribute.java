package health.isthmus.dicomweb.qido;

import static health.isthmus.dicomweb.qido.QueryLevel.INSTANCE;
import static health.isthmus.dicomweb.qido.QueryLevel.SERIES;
import static health.isthmus.dicomweb.qido.QueryLevel.STUDY;

import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.ElementDictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An attribute the index holds in a column: where it lies, how a query value is matched against it, and its result
 * column. Attributes without a column come from the configured extra attributes or from an instance's header.
 *
 * @param tag the attribute
 * @param level the entity whose row holds it
 * @param column the SQL expression of its value (table aliases {@code st}, {@code se}, {@code i}); null when it is
 *     computed for the response only
 * @param match how it is matched; {@link Match#NONE} when it is returned but not matchable
 * @param resultColumn the column label of its value in a result row
 */
record QidoAttribute(
        int tag,
        QueryLevel level,
        @Nullable String column,
        Match match,
        @Nullable String resultColumn) {

    /** How a query value is compared with the column. */
    enum Match {
        /** Single value or wildcard ({@code *}, {@code ?}), case-sensitive. */
        STRING,
        /** A list of UIDs, separated by commas or backslashes. */
        UID,
        /** A DA value or range. */
        DATE,
        /** A TM value or range. */
        TIME,
        /** A PN value or wildcard; with fuzzy matching, a case-insensitive prefix of any name component. */
        PERSON_NAME,
        /** An IS value. */
        INTEGER,
        /** A text array column: matches when any element matches any of the listed values. */
        ANY_OF,
        /** Returned, never matched. */
        NONE
    }

    static final Map<Integer, QidoAttribute> COLUMNS = catalog();

    VR vr() {
        return ElementDictionary.vrOf(tag);
    }

    String keyword() {
        return ElementDictionary.keywordOf(tag);
    }

    static Optional<QidoAttribute> of(int tag) {
        return Optional.ofNullable(COLUMNS.get(tag));
    }

    /** The columns of a level, in tag order. */
    static List<QidoAttribute> ofLevel(QueryLevel level) {
        return COLUMNS.values().stream()
                .filter(a -> a.level == level && a.resultColumn != null)
                .sorted((a, b) -> Integer.compareUnsigned(a.tag, b.tag))
                .toList();
    }

    private static Map<Integer, QidoAttribute> catalog() {
        Map<Integer, QidoAttribute> all = new LinkedHashMap<>();
        add(all, Tag.StudyInstanceUID, STUDY, "st.study_instance_uid", Match.UID);
        add(all, Tag.PatientID, STUDY, "st.patient_id", Match.STRING);
        add(all, Tag.IssuerOfPatientID, STUDY, "st.issuer_of_patient_id", Match.STRING);
        add(all, Tag.PatientName, STUDY, "st.patient_name", Match.PERSON_NAME);
        add(all, Tag.PatientBirthDate, STUDY, "st.patient_birth_date", Match.DATE);
        add(all, Tag.PatientSex, STUDY, "st.patient_sex", Match.STRING);
        add(all, Tag.StudyDate, STUDY, "st.study_date", Match.DATE);
        add(all, Tag.StudyTime, STUDY, "st.study_time", Match.TIME);
        add(all, Tag.AccessionNumber, STUDY, "st.accession_number", Match.STRING);
        add(all, Tag.StudyID, STUDY, "st.study_id", Match.STRING);
        add(all, Tag.StudyDescription, STUDY, "st.study_description", Match.STRING);
        add(all, Tag.ReferringPhysicianName, STUDY, "st.referring_physician_name", Match.PERSON_NAME);
        add(all, Tag.ModalitiesInStudy, STUDY, "st.modalities_in_study", Match.ANY_OF);
        add(all, Tag.SOPClassesInStudy, STUDY, "st.sop_classes_in_study", Match.ANY_OF);
        add(all, Tag.NumberOfStudyRelatedSeries, STUDY, "st.number_of_series", Match.NONE);
        add(all, Tag.NumberOfStudyRelatedInstances, STUDY, "st.number_of_instances", Match.NONE);

        add(all, Tag.SeriesInstanceUID, SERIES, "se.series_instance_uid", Match.UID);
        add(all, Tag.Modality, SERIES, "se.modality", Match.STRING);
        add(all, Tag.SeriesNumber, SERIES, "se.series_number", Match.INTEGER);
        add(all, Tag.SeriesDescription, SERIES, "se.series_description", Match.STRING);
        add(all, Tag.BodyPartExamined, SERIES, "se.body_part_examined", Match.STRING);
        add(all, Tag.PerformedProcedureStepStartDate, SERIES, "se.performed_procedure_step_start_date", Match.DATE);
        add(all, Tag.PerformedProcedureStepStartTime, SERIES, "se.performed_procedure_step_start_time", Match.TIME);
        add(all, Tag.NumberOfSeriesRelatedInstances, SERIES, "se.number_of_instances", Match.NONE);

        add(all, Tag.SOPInstanceUID, INSTANCE, "i.sop_instance_uid", Match.UID);
        add(all, Tag.SOPClassUID, INSTANCE, "i.sop_class_uid", Match.UID);
        add(all, Tag.InstanceNumber, INSTANCE, "i.instance_number", Match.INTEGER);
        add(all, Tag.Rows, INSTANCE, "i.rows", Match.NONE);
        add(all, Tag.Columns, INSTANCE, "i.columns", Match.NONE);
        add(all, Tag.NumberOfFrames, INSTANCE, "i.number_of_frames", Match.NONE);
        return Map.copyOf(all);
    }

    private static void add(Map<Integer, QidoAttribute> all, int tag, QueryLevel level, String column, Match match) {
        all.put(tag, new QidoAttribute(tag, level, column, match, "c_" + column.replace('.', '_')));
    }
}
