package health.isthmus.dicomweb.wado;

import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.events.archive.ArchivedStudy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads what WADO-RS serves from the archive's index: the study row and its instances' files and headers. */
@Component
class WadoIndex {

    private static final String STUDY_COLUMNS = """
            study_pk, study_instance_uid, accession_number, site, patient_id, issuer_of_patient_id, euid, filing,
            modalities_in_study, number_of_series, number_of_instances, patient_name, patient_birth_date,
            patient_sex, updated_at""";

    private static final String INSTANCE_COLUMNS = """
            se.series_instance_uid, i.sop_instance_uid, i.sop_class_uid, i.instance_number, i.transfer_syntax_uid,
            i.blob_key, i.sha256, i.size_bytes, i.rows, i.columns, i.number_of_frames, i.pixel_data_offset,
            i.pixel_data_length, i.bits_allocated, i.samples_per_pixel, i.sent_patient_name, i.sent_patient_id,
            i.sent_issuer, i.sent_birth_date, i.sent_sex""";

    private final JdbcClient jdbc;

    WadoIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The study row, or empty when the archive has no such study. */
    Optional<StudyRow> study(String studyInstanceUid) {
        return jdbc.sql("select " + STUDY_COLUMNS + " from study where study_instance_uid = ?")
                .param(studyInstanceUid)
                .query((rs, row) -> studyRow(rs))
                .optional();
    }

    /**
     * The instances of a study, optionally narrowed to a series and an instance, in series and instance number
     * order; the headers only when asked for (metadata responses).
     */
    List<InstanceRow> instances(
            long studyPk, @Nullable String seriesUid, @Nullable String sopInstanceUid, boolean withMetadata) {
        String sql = "select " + INSTANCE_COLUMNS
                + (withMetadata ? ", i.metadata" : ", null as metadata")
                + " from instance i join series se on se.series_pk = i.series_pk where i.study_pk = ?"
                + (seriesUid == null ? "" : " and se.series_instance_uid = ?")
                + (sopInstanceUid == null ? "" : " and i.sop_instance_uid = ?")
                + " order by se.series_number nulls last, se.series_pk, i.instance_number nulls last, i.instance_pk";
        var statement = jdbc.sql(sql).param(studyPk);
        if (seriesUid != null) {
            statement = statement.param(seriesUid);
        }
        if (sopInstanceUid != null) {
            statement = statement.param(sopInstanceUid);
        }
        return statement.query((rs, row) -> instanceRow(rs)).list();
    }

    /** Whether the header of an instance names a bulk value by this relative BulkDataURI. */
    boolean hasBulkDataUri(String sopInstanceUid, String relativeUri) {
        return jdbc.sql("""
                        select jsonb_path_exists(metadata::jsonb, '$.**.BulkDataURI ? (@ == $uri)',
                                                 jsonb_build_object('uri', ?::text))
                          from instance where sop_instance_uid = ?""")
                .param(relativeUri)
                .param(sopInstanceUid)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The header of one instance as DICOM JSON. */
    String metadata(String sopInstanceUid) {
        return jdbc.sql("select metadata from instance where sop_instance_uid = ?")
                .param(sopInstanceUid)
                .query(String.class)
                .single();
    }

    private static StudyRow studyRow(ResultSet rs) throws SQLException {
        return new StudyRow(
                rs.getLong("study_pk"),
                ArchivedStudies.map(rs),
                new PatientValues(
                        rs.getString("patient_name"),
                        rs.getString("patient_id"),
                        rs.getString("issuer_of_patient_id"),
                        rs.getString("patient_birth_date"),
                        rs.getString("patient_sex")),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static InstanceRow instanceRow(ResultSet rs) throws SQLException {
        return new InstanceRow(
                rs.getString("series_instance_uid"),
                rs.getString("sop_instance_uid"),
                rs.getString("sop_class_uid"),
                rs.getString("transfer_syntax_uid"),
                rs.getString("blob_key"),
                rs.getString("sha256"),
                rs.getLong("size_bytes"),
                intOrZero(rs, "rows"),
                intOrZero(rs, "columns"),
                Math.max(1, intOrZero(rs, "number_of_frames")),
                intOrZero(rs, "bits_allocated"),
                Math.max(1, intOrZero(rs, "samples_per_pixel")),
                (Long) rs.getObject("pixel_data_offset"),
                (Long) rs.getObject("pixel_data_length"),
                new PatientValues(
                        rs.getString("sent_patient_name"),
                        rs.getString("sent_patient_id"),
                        rs.getString("sent_issuer"),
                        rs.getString("sent_birth_date"),
                        rs.getString("sent_sex")),
                rs.getString("metadata"));
    }

    private static int intOrZero(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? 0 : value;
    }

    /**
     * A study row.
     *
     * @param studyPk its key
     * @param study the study as audit records name it
     * @param patient the patient it is filed under now (the values retrieval coerces to)
     * @param updatedAt when the row last changed
     */
    record StudyRow(long studyPk, ArchivedStudy study, PatientValues patient, Instant updatedAt) {

        boolean held() {
            return "HELD".equals(study.filing());
        }

        String studyInstanceUid() {
            return study.studyInstanceUid();
        }
    }

    /**
     * An instance row.
     *
     * @param pixelDataOffset where the pixel data value starts in the file (the Basic Offset Table's value when
     *     encapsulated), or null
     * @param pixelDataLength its length, -1 when encapsulated
     * @param sentPatient the patient attributes of the stored file (as the modality sent them)
     * @param metadata the header as DICOM JSON with relative BulkDataURIs, when asked for
     */
    record InstanceRow(
            String seriesUid,
            String sopInstanceUid,
            String sopClassUid,
            String transferSyntaxUid,
            String blobKey,
            String sha256,
            long sizeBytes,
            int rows,
            int columns,
            int numberOfFrames,
            int bitsAllocated,
            int samplesPerPixel,
            @Nullable Long pixelDataOffset,
            @Nullable Long pixelDataLength,
            PatientValues sentPatient,
            @Nullable String metadata) {

        /**
         * Whether the instance has pixel data: recorded by offset, or (deflated files, whose offsets are not file
         * offsets) an image of some rows.
         */
        boolean hasPixelData() {
            return pixelDataOffset != null || pixelDataLength != null || rows > 0;
        }

        boolean encapsulated() {
            return pixelDataLength != null && pixelDataLength < 0;
        }
    }
}
