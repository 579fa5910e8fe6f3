package health.isthmus.dicomweb.fhir;

import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.platform.security.SiteScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads studies with their series and instances from the archive's index, for ImagingStudy resources. */
@Component
class ImagingStudyIndex {

    private static final String STUDY_COLUMNS = "study_pk, " + ArchivedStudies.COLUMNS + """
            , patient_name, study_date, study_time, study_description, referring_physician_name, updated_at""";

    private final JdbcClient jdbc;

    ImagingStudyIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The study of a Study Instance UID, with its series and instances, held or not. */
    Optional<Study> study(String studyInstanceUid) {
        List<Study> found =
                withSeries(jdbc.sql("select " + STUDY_COLUMNS + " from study where study_instance_uid = :uid")
                        .param("uid", studyInstanceUid)
                        .query((rs, row) -> studyRow(rs))
                        .list());
        return found.stream().findFirst();
    }

    /** The studies matching every criterion given, newest study date first, with their series and instances. */
    List<Study> search(Criteria criteria) {
        StringBuilder sql = new StringBuilder("select " + STUDY_COLUMNS + " from study where true");
        Map<String, Object> params = new HashMap<>();
        if (criteria.euid() != null) {
            sql.append(" and euid = :euid");
            params.put("euid", criteria.euid());
        }
        if (criteria.patientId() != null) {
            sql.append(" and patient_id = :patientId");
            params.put("patientId", criteria.patientId());
            if (criteria.issuer() == null || criteria.issuer().isEmpty()) {
                sql.append(" and coalesce(issuer_of_patient_id, '') = ''");
            } else {
                sql.append(" and issuer_of_patient_id = :issuer");
                params.put("issuer", criteria.issuer());
            }
        }
        if (criteria.accessionNumber() != null) {
            sql.append(" and accession_number = :accession");
            params.put("accession", criteria.accessionNumber());
        }
        if (criteria.studyInstanceUid() != null) {
            sql.append(" and study_instance_uid = :uid");
            params.put("uid", criteria.studyInstanceUid());
        }
        if (criteria.from() != null) {
            sql.append(" and study_date >= :from");
            params.put("from", criteria.from().format(DateTimeFormatter.BASIC_ISO_DATE));
        }
        if (criteria.to() != null) {
            sql.append(" and study_date <= :to");
            params.put("to", criteria.to().format(DateTimeFormatter.BASIC_ISO_DATE));
        }
        if (!criteria.modalities().isEmpty()) {
            sql.append(" and exists (select 1 from unnest(modalities_in_study) m where m in (:modalities))");
            params.put("modalities", criteria.modalities());
        }
        if (!criteria.sites().isGlobal()) {
            sql.append(" and site in (:sites)");
            params.put("sites", criteria.sites().sites());
        }
        if (!criteria.filings().isEmpty()) {
            sql.append(" and filing in (:filings)");
            params.put("filings", criteria.filings());
        }
        sql.append(" order by study_date desc nulls last, study_time desc nulls last, study_pk desc limit :limit");
        params.put("limit", criteria.limit());
        return withSeries(jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> studyRow(rs))
                .list());
    }

    private List<Study> withSeries(List<StudyRow> studies) {
        if (studies.isEmpty()) {
            return List.of();
        }
        List<Long> keys = studies.stream().map(StudyRow::studyPk).toList();
        Map<Long, List<InstanceRow>> instances = new HashMap<>();
        jdbc.sql("""
                        select series_pk, sop_instance_uid, sop_class_uid, instance_number from instance
                         where study_pk in (:keys) order by series_pk, instance_number nulls last, instance_pk""").param("keys", keys).query((RowCallbackHandler) rs -> instances
                .computeIfAbsent(rs.getLong("series_pk"), k -> new ArrayList<>())
                .add(new InstanceRow(rs.getString("sop_instance_uid"), rs.getString("sop_class_uid"), (Integer)
                        rs.getObject("instance_number"))));
        Map<Long, List<SeriesRow>> series = new LinkedHashMap<>();
        jdbc.sql("""
                        select study_pk, series_pk, series_instance_uid, modality, series_number, series_description,
                               number_of_instances
                          from series where study_pk in (:keys)
                         order by study_pk, series_number nulls last, series_pk""").param("keys", keys).query((RowCallbackHandler) rs -> {
            long seriesPk = rs.getLong("series_pk");
            series.computeIfAbsent(rs.getLong("study_pk"), k -> new ArrayList<>())
                    .add(new SeriesRow(
                            rs.getString("series_instance_uid"),
                            rs.getString("modality"),
                            (Integer) rs.getObject("series_number"),
                            rs.getString("series_description"),
                            rs.getInt("number_of_instances"),
                            instances.getOrDefault(seriesPk, List.of())));
        });
        return studies.stream()
                .map(study -> new Study(study, series.getOrDefault(study.studyPk(), List.of())))
                .toList();
    }

    private static StudyRow studyRow(ResultSet rs) throws SQLException {
        return new StudyRow(
                rs.getLong("study_pk"),
                ArchivedStudies.map(rs),
                rs.getString("patient_name"),
                rs.getString("study_date"),
                rs.getString("study_time"),
                rs.getString("study_description"),
                rs.getString("referring_physician_name"),
                rs.getTimestamp("updated_at").toInstant());
    }

    /**
     * What a search asks for; null and empty criteria match everything.
     *
     * @param patientId with {@code issuer}: the Patient ID the study is filed under (an empty issuer: none)
     * @param filings FILED, HELD
     * @param from first study date, inclusive
     * @param to last study date, inclusive
     * @param sites the sites whose studies may match
     */
    record Criteria(
            @Nullable UUID euid,
            @Nullable String patientId,
            @Nullable String issuer,
            @Nullable String accessionNumber,
            @Nullable String studyInstanceUid,
            @Nullable LocalDate from,
            @Nullable LocalDate to,
            List<String> modalities,
            List<String> filings,
            SiteScope sites,
            int limit) {}

    /** A study row with its series. */
    record Study(StudyRow row, List<SeriesRow> series) {}

    /**
     * A study row.
     *
     * @param study the study as audit records name it (patient filed under now, filing, counts)
     */
    record StudyRow(
            long studyPk,
            ArchivedStudy study,
            @Nullable String patientName,
            @Nullable String studyDate,
            @Nullable String studyTime,
            @Nullable String description,
            @Nullable String referringPhysician,
            Instant updatedAt) {

        boolean held() {
            return "HELD".equals(study.filing());
        }
    }

    record SeriesRow(
            String uid,
            @Nullable String modality,
            @Nullable Integer number,
            @Nullable String description,
            int numberOfInstances,
            List<InstanceRow> instances) {}

    record InstanceRow(
            String uid, String sopClassUid, @Nullable Integer number) {}
}
