package health.isthmus.dicomweb.qido;

import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.ElementDictionary;
import health.isthmus.dicomweb.ingest.IndexProperties;
import health.isthmus.dicomweb.qido.QidoAttribute.Match;
import health.isthmus.dicomweb.qido.QidoQuery.Criterion;
import health.isthmus.platform.security.SiteScope;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs QIDO-RS queries against the index (study, series and instance rows; held studies and studies of sites outside
 * the caller's never match, so limits, offsets and the "more results" warning count visible matches only) and assembles
 * each result as DICOM JSON: attributes with a column come from the rows (patient attributes from the study row, which
 * names the patient the study is filed under now), configured extra attributes from the rows' {@code
 * extra_attributes}, any other attribute from the header of the instance itself or, for a study or series, of its
 * first instance.
 */
@Repository
class QidoSearch {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Table 10.6.3-3 of PS3.18: what a study result holds by default. */
    static final List<Integer> STUDY_DEFAULTS = List.of(
            Tag.SpecificCharacterSet,
            Tag.StudyDate,
            Tag.StudyTime,
            Tag.AccessionNumber,
            Tag.InstanceAvailability,
            Tag.ModalitiesInStudy,
            Tag.ReferringPhysicianName,
            Tag.RetrieveURL,
            Tag.PatientName,
            Tag.PatientID,
            Tag.PatientBirthDate,
            Tag.PatientSex,
            Tag.StudyInstanceUID,
            Tag.StudyID,
            Tag.NumberOfStudyRelatedSeries,
            Tag.NumberOfStudyRelatedInstances);

    /** Table 10.6.3-4: a series result's defaults. */
    static final List<Integer> SERIES_DEFAULTS = List.of(
            Tag.SpecificCharacterSet,
            Tag.Modality,
            Tag.SeriesDescription,
            Tag.RetrieveURL,
            Tag.SeriesInstanceUID,
            Tag.SeriesNumber,
            Tag.NumberOfSeriesRelatedInstances,
            Tag.PerformedProcedureStepStartDate,
            Tag.PerformedProcedureStepStartTime);

    /** Table 10.6.3-5: an instance result's defaults. */
    static final List<Integer> INSTANCE_DEFAULTS = List.of(
            Tag.SpecificCharacterSet,
            Tag.SOPClassUID,
            Tag.SOPInstanceUID,
            Tag.InstanceAvailability,
            Tag.RetrieveURL,
            Tag.InstanceNumber,
            Tag.Rows,
            Tag.Columns,
            Tag.BitsAllocated,
            Tag.NumberOfFrames);

    /** Study-level attributes of an instance header that {@code includefield=all} adds besides group 0010. */
    private static final List<Integer> STUDY_ALL = List.of(
            Tag.StudyDate,
            Tag.StudyTime,
            Tag.AccessionNumber,
            Tag.IssuerOfAccessionNumberSequence,
            Tag.ReferringPhysicianName,
            Tag.StudyDescription,
            Tag.ProcedureCodeSequence,
            Tag.NameOfPhysiciansReadingStudy,
            Tag.AdmittingDiagnosesDescription,
            Tag.StudyInstanceUID,
            Tag.StudyID,
            Tag.OtherStudyNumbers,
            Tag.TimezoneOffsetFromUTC);

    /** Series-level attributes of an instance header that {@code includefield=all} adds. */
    private static final List<Integer> SERIES_ALL = List.of(
            Tag.Modality,
            Tag.SeriesDate,
            Tag.SeriesTime,
            Tag.SeriesDescription,
            Tag.BodyPartExamined,
            Tag.Laterality,
            Tag.ProtocolName,
            Tag.OperatorsName,
            Tag.PerformingPhysicianName,
            Tag.SeriesInstanceUID,
            Tag.SeriesNumber,
            Tag.PerformedProcedureStepStartDate,
            Tag.PerformedProcedureStepStartTime,
            Tag.PerformedProcedureStepID,
            Tag.PerformedProcedureStepDescription,
            Tag.RequestAttributesSequence,
            Tag.Manufacturer,
            Tag.StationName,
            Tag.InstitutionName);

    private static final Set<Integer> COMPUTED =
            Set.of(Tag.SpecificCharacterSet, Tag.InstanceAvailability, Tag.RetrieveURL);

    private final JdbcClient jdbc;
    private final IndexProperties.ExtraAttributes extras;
    private final QidoQueryParser levels;

    QidoSearch(JdbcClient jdbc, IndexProperties index, QidoProperties properties) {
        this.jdbc = jdbc;
        this.extras = index.extraAttributes();
        this.levels = new QidoQueryParser(properties, extras);
    }

    /**
     * The results of a query.
     *
     * @param results the matches, as DICOM JSON objects, at most the query's limit
     * @param more whether more matches follow
     * @param patients the patients of the results ({@code <issuer>|<id>}), in order of appearance
     * @param studies the Study Instance UIDs of the results, in order of appearance
     */
    record Results(ArrayNode results, boolean more, Set<String> patients, Set<String> studies) {}

    /** The matches of a query among the studies of the caller's sites (a study of no known site: global callers). */
    Results search(QidoQuery query, String baseUrl, SiteScope sites) {
        QueryLevel level = query.level();
        Plan plan = plan(query);
        StringBuilder sql = new StringBuilder("select ");
        List<Object> parameters = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (QueryLevel joined : QueryLevel.values()) {
            if (!joined.joinedInto(level)) {
                continue;
            }
            for (QidoAttribute attribute : QidoAttribute.ofLevel(joined)) {
                select.add(attribute.column() + " as " + attribute.resultColumn());
            }
        }
        select.add("st.study_pk");
        select.add("st.extra_attributes::text as x_study");
        if (level != QueryLevel.STUDY) {
            select.add("se.extra_attributes::text as x_series");
        }
        if (level == QueryLevel.INSTANCE) {
            select.add("i.extra_attributes::text as x_instance");
        }
        if (plan.metadataAll || !plan.metadataTags.isEmpty()) {
            String source = switch (level) {
                case STUDY ->
                    "(select m.metadata::jsonb from instance m where m.study_pk = st.study_pk"
                            + " order by m.instance_pk limit 1)";
                case SERIES ->
                    "(select m.metadata::jsonb from instance m where m.series_pk = se.series_pk"
                            + " order by m.instance_pk limit 1)";
                case INSTANCE -> "i.metadata::jsonb";
            };
            String filter;
            if (plan.metadataAll && level == QueryLevel.INSTANCE) {
                filter = "e.key <> '7FE00010' and not (e.key = any(i.bulk_data_tags))";
            } else if (plan.metadataAll) {
                Set<String> keys = new TreeSet<>(plan.metadataTags);
                (level == QueryLevel.STUDY ? STUDY_ALL : SERIES_ALL).forEach(tag -> keys.add(Tags.toHex(tag)));
                filter = (level == QueryLevel.STUDY ? "e.key like '0010%' or " : "") + "e.key = any(?)";
                parameters.add(keys.toArray(String[]::new));
            } else {
                filter = "e.key = any(?)";
                parameters.add(plan.metadataTags.toArray(String[]::new));
            }
            select.add("(select jsonb_object_agg(e.key, e.value) from jsonb_each(" + source + ") e where " + filter
                    + ")::text as metadata");
        }
        sql.append(String.join(", ", select));
        sql.append(
                switch (level) {
                    case STUDY -> " from study st where st.filing = 'FILED'";
                    case SERIES ->
                        " from series se join study st on st.study_pk = se.study_pk where st.filing = 'FILED'";
                    case INSTANCE ->
                        " from instance i join series se on se.series_pk = i.series_pk"
                                + " join study st on st.study_pk = i.study_pk where st.filing = 'FILED'";
                });
        QidoSql where = new QidoSql();
        if (!sites.isGlobal()) {
            where.and("st.site = any(?)", (Object) sites.sitesOrNull());
        }
        if (query.studyInstanceUid() != null) {
            where.and("st.study_instance_uid = ?", query.studyInstanceUid());
        }
        if (query.seriesInstanceUid() != null) {
            where.and("se.series_instance_uid = ?", query.seriesInstanceUid());
        }
        for (Criterion criterion : query.criteria()) {
            addCriterion(where, criterion, query);
        }
        sql.append(where.where());
        parameters.addAll(where.parameters());
        String order = switch (level) {
            case STUDY -> "st.study_pk";
            case SERIES -> "se.series_pk";
            case INSTANCE -> "i.instance_pk";
        };
        sql.append(" order by ").append(order).append(" limit ? offset ?");
        parameters.add(query.limit() + 1);
        parameters.add(query.offset());

        ArrayNode results = JSON.createArrayNode();
        Set<String> patients = new LinkedHashSet<>();
        Set<String> studies = new LinkedHashSet<>();
        List<Row> rows = jdbc.sql(sql.toString())
                .params(parameters)
                .query((rs, n) -> row(rs, query, plan, baseUrl))
                .list();
        boolean more = rows.size() > query.limit();
        for (Row row : rows.subList(0, Math.min(rows.size(), query.limit()))) {
            results.add(row.json());
            if (row.patient() != null) {
                patients.add(row.patient());
            }
            studies.add(row.studyInstanceUid());
        }
        return new Results(results, more, patients, studies);
    }

    private void addCriterion(QidoSql where, Criterion criterion, QidoQuery query) {
        String name = ElementDictionary.keywordOf(criterion.tag());
        if (name.isEmpty()) {
            name = Tags.toHex(criterion.tag());
        }
        QidoAttribute column = QidoAttribute.of(criterion.tag()).orElse(null);
        if (column != null && column.column() != null) {
            String search =
                    criterion.tag() == Tag.PatientName ? "st.patient_name_search" : "upper(" + column.column() + ")";
            where.match(name, column.match(), column.column(), List.of(), criterion.value(), query.fuzzy(), search);
            return;
        }
        QueryLevel extraLevel = levels.extraLevel(criterion.tag(), query.level());
        if (extraLevel == null) {
            throw new IllegalStateException("the parser admits matchable attributes only");
        }
        VR vr = ElementDictionary.vrOf(criterion.tag());
        String expression = QidoSql.extraExpression(alias(extraLevel) + ".extra_attributes", vr);
        where.match(
                name,
                QidoSql.extraMatch(vr),
                expression,
                List.of(Tags.toHex(criterion.tag())),
                criterion.value(),
                query.fuzzy(),
                "upper(" + expression + ")");
    }

    private static String alias(QueryLevel level) {
        return switch (level) {
            case STUDY -> "st";
            case SERIES -> "se";
            case INSTANCE -> "i";
        };
    }

    /**
     * Where each returned attribute comes from.
     *
     * @param columns attributes read from columns of joined rows
     * @param extraTags per level, extra attributes returned from its row
     * @param metadataTags attributes read from the instance header (DICOM JSON keys)
     * @param metadataAll whether every header attribute of the level is returned
     * @param computed SpecificCharacterSet, InstanceAvailability and RetrieveURL when returned
     */
    private record Plan(
            List<QidoAttribute> columns,
            Map<QueryLevel, Set<String>> extraTags,
            Set<String> metadataTags,
            boolean metadataAll,
            Set<Integer> computed) {}

    private Plan plan(QidoQuery query) {
        QueryLevel level = query.level();
        Set<Integer> wanted = new LinkedHashSet<>();
        switch (level) {
            case STUDY -> wanted.addAll(STUDY_DEFAULTS);
            case SERIES -> {
                if (query.studyInstanceUid() == null) {
                    wanted.addAll(STUDY_DEFAULTS);
                }
                wanted.addAll(SERIES_DEFAULTS);
            }
            case INSTANCE -> {
                if (query.studyInstanceUid() == null) {
                    wanted.addAll(STUDY_DEFAULTS);
                }
                if (query.seriesInstanceUid() == null) {
                    wanted.addAll(SERIES_DEFAULTS);
                }
                wanted.addAll(INSTANCE_DEFAULTS);
            }
        }
        query.criteria().forEach(criterion -> wanted.add(criterion.tag()));
        wanted.addAll(query.includeFields());
        List<QidoAttribute> columns = new ArrayList<>();
        Map<QueryLevel, Set<String>> extraTags = new TreeMap<>();
        Set<String> metadataTags = new TreeSet<>();
        Set<Integer> computed = new LinkedHashSet<>();
        if (query.includeAll()) {
            for (QueryLevel joined : QueryLevel.values()) {
                if (joined.joinedInto(level)) {
                    columns.addAll(QidoAttribute.ofLevel(joined));
                    extraTags.put(joined, new TreeSet<>(hex(extrasOf(joined))));
                }
            }
        }
        for (int tag : wanted) {
            if (COMPUTED.contains(tag)) {
                computed.add(tag);
                continue;
            }
            QidoAttribute column = QidoAttribute.of(tag).orElse(null);
            if (column != null && column.level().joinedInto(level)) {
                if (!columns.contains(column)) {
                    columns.add(column);
                }
                continue;
            }
            QueryLevel extraLevel = levels.extraLevel(tag, level);
            if (extraLevel != null) {
                extraTags.computeIfAbsent(extraLevel, l -> new TreeSet<>()).add(Tags.toHex(tag));
                continue;
            }
            metadataTags.add(Tags.toHex(tag));
        }
        return new Plan(columns, extraTags, metadataTags, query.includeAll(), computed);
    }

    private List<Integer> extrasOf(QueryLevel level) {
        return switch (level) {
            case STUDY -> extras.studyTags();
            case SERIES -> extras.seriesTags();
            case INSTANCE -> extras.instanceTags();
        };
    }

    private static List<String> hex(List<Integer> tags) {
        return tags.stream().map(Tags::toHex).toList();
    }

    private record Row(ObjectNode json, @Nullable String patient, String studyInstanceUid) {}

    private Row row(ResultSet rs, QidoQuery query, Plan plan, String baseUrl) throws SQLException {
        TreeMap<String, JsonNode> elements = new TreeMap<>();
        if (plan.metadataAll || !plan.metadataTags.isEmpty()) {
            String metadata = rs.getString("metadata");
            if (metadata != null) {
                JSON.readTree(metadata).properties().forEach(e -> elements.put(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<QueryLevel, Set<String>> extra : plan.extraTags.entrySet()) {
            String json = rs.getString(
                    switch (extra.getKey()) {
                        case STUDY -> "x_study";
                        case SERIES -> "x_series";
                        case INSTANCE -> "x_instance";
                    });
            if (json == null) {
                continue;
            }
            JsonNode stored = JSON.readTree(json);
            for (String key : extra.getValue()) {
                JsonNode element = stored.get(key);
                elements.put(key, element != null ? element : empty(ElementDictionary.vrOf(Tags.parseHex(key))));
            }
        }
        for (QidoAttribute column : plan.columns) {
            elements.put(Tags.toHex(column.tag()), columnElement(rs, column));
        }
        String studyUid = rs.getString("c_st_study_instance_uid");
        if (plan.computed.contains(Tag.SpecificCharacterSet)) {
            elements.put(Tags.toHex(Tag.SpecificCharacterSet), element(VR.CS, "ISO_IR 192"));
        }
        if (plan.computed.contains(Tag.InstanceAvailability)) {
            elements.put(Tags.toHex(Tag.InstanceAvailability), element(VR.CS, "ONLINE"));
        }
        if (plan.computed.contains(Tag.RetrieveURL)) {
            String url = baseUrl + "/studies/" + studyUid;
            if (query.level() != QueryLevel.STUDY) {
                url += "/series/" + rs.getString("c_se_series_instance_uid");
            }
            if (query.level() == QueryLevel.INSTANCE) {
                url += "/instances/" + rs.getString("c_i_sop_instance_uid");
            }
            elements.put(Tags.toHex(Tag.RetrieveURL), element(VR.UR, url));
        }
        ObjectNode json = JSON.createObjectNode();
        elements.forEach(json::set);
        String patientId = rs.getString("c_st_patient_id");
        String issuer = rs.getString("c_st_issuer_of_patient_id");
        String patient = patientId == null ? null : (issuer == null ? "" : issuer) + "|" + patientId;
        return new Row(json, patient, studyUid);
    }

    private static JsonNode columnElement(ResultSet rs, QidoAttribute column) throws SQLException {
        String label = column.resultColumn();
        VR vr = column.vr();
        if (column.match() == Match.ANY_OF) {
            Array array = rs.getArray(label);
            ObjectNode element = empty(vr);
            if (array != null) {
                String[] values = (String[]) array.getArray();
                if (values.length > 0) {
                    ArrayNode value = element.putArray("Value");
                    for (String v : values) {
                        value.add(v);
                    }
                }
            }
            return element;
        }
        if (vr == VR.IS || vr == VR.US || vr == VR.UL || vr == VR.SL || vr == VR.SS) {
            int number = rs.getInt(label);
            ObjectNode element = empty(vr);
            if (!rs.wasNull()) {
                element.putArray("Value").add(number);
            }
            return element;
        }
        return element(vr, rs.getString(label));
    }

    private static ObjectNode empty(VR vr) {
        ObjectNode element = JSON.createObjectNode();
        element.put("vr", vr.name());
        return element;
    }

    /** An element of one string value; a person name becomes its component groups. Blank values are empty. */
    static ObjectNode element(VR vr, @Nullable String value) {
        ObjectNode element = empty(vr);
        if (value == null || value.isBlank()) {
            return element;
        }
        ArrayNode values = element.putArray("Value");
        if (vr == VR.PN) {
            ObjectNode name = values.addObject();
            String[] groups = value.split("=", -1);
            String[] labels = {"Alphabetic", "Ideographic", "Phonetic"};
            for (int g = 0; g < Math.min(3, groups.length); g++) {
                if (!groups[g].isEmpty()) {
                    name.put(labels[g], groups[g]);
                }
            }
        } else {
            values.add(value);
        }
        return element;
    }
}
