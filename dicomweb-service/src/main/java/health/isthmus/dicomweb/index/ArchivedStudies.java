package health.isthmus.dicomweb.index;

import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.common.PatientIdentifier;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The study rows of the index as events report them ({@link ArchivedStudy}). */
@Repository
public class ArchivedStudies {

    /** The study columns {@link #map(ResultSet)} reads. */
    public static final String COLUMNS = """
            study_instance_uid, accession_number, site, patient_id, issuer_of_patient_id, euid, filing,
            modalities_in_study, number_of_series, number_of_instances""";

    private final JdbcClient jdbc;

    public ArchivedStudies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The study of a row, in the caller's transaction. */
    public ArchivedStudy byPk(long studyPk) {
        return jdbc.sql("select " + COLUMNS + " from study where study_pk = ?")
                .param(studyPk)
                .query((rs, row) -> map(rs))
                .single();
    }

    /** The study of a Study Instance UID, when indexed. */
    public Optional<ArchivedStudy> byUid(String studyInstanceUid) {
        return jdbc.sql("select " + COLUMNS + " from study where study_instance_uid = ?")
                .param(studyInstanceUid)
                .query((rs, row) -> map(rs))
                .optional();
    }

    /** Maps a row holding the {@link #COLUMNS}. */
    public static ArchivedStudy map(ResultSet rs) throws SQLException {
        String patientId = rs.getString("patient_id");
        String issuer = rs.getString("issuer_of_patient_id");
        Array modalities = rs.getArray("modalities_in_study");
        return new ArchivedStudy(
                rs.getString("study_instance_uid"),
                rs.getString("accession_number"),
                rs.getString("site"),
                patientId == null ? null : new PatientIdentifier(patientId, issuer == null ? "" : issuer, null),
                rs.getObject("euid", UUID.class),
                rs.getString("filing"),
                modalities == null ? List.of() : Arrays.asList((String[]) modalities.getArray()),
                rs.getInt("number_of_series"),
                rs.getInt("number_of_instances"));
    }
}
