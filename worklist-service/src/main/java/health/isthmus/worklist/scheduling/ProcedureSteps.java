package health.isthmus.worklist.scheduling;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.worklist.scheduling.domain.Procedure;
import health.isthmus.worklist.scheduling.domain.ProcedureCode;
import health.isthmus.worklist.scheduling.domain.ScheduledStart;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepPatient;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheduled procedure steps and their history in {@code scheduled_procedure_step} and {@code procedure_step_history}.
 * The table is what the DICOM worklist reads, so every column is written as the modality is to see it.
 */
@Repository
public class ProcedureSteps {

    private static final TypeReference<List<ProcedureCode>> CODES = new TypeReference<>() {};
    private static final TypeReference<List<PatientIdentifier>> IDENTIFIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ProcedureSteps(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Step> findById(long id) {
        return jdbc.sql("select * from scheduled_procedure_step where id = ?")
                .param(id)
                .query(this::step)
                .optional();
    }

    /** The step, locked until the transaction ends. */
    public Optional<Step> lockById(long id) {
        return jdbc.sql("select * from scheduled_procedure_step where id = ? for update")
                .param(id)
                .query(this::step)
                .optional();
    }

    /** The steps of an order at a site, locked; all of its steps when {@code stepId} is null. */
    public List<Step> lockByOrder(String site, String accessionNumber, @Nullable String stepId) {
        return jdbc.sql("""
                        select * from scheduled_procedure_step
                        where site = :site and accession_number = :accession
                          and (cast(:stepId as text) is null or scheduled_procedure_step_id = :stepId)
                        order by id for update
                        """)
                .param("site", site)
                .param("accession", accessionNumber)
                .param("stepId", stepId)
                .query(this::step)
                .list();
    }

    /**
     * The open steps (scheduled or in progress) of any of these identities or carrying any of these identifiers as
     * their Patient ID, locked.
     */
    public List<Step> lockOpenOfPatient(Collection<UUID> euids, Collection<PatientIdentifier> identifiers) {
        // an empty list would not be valid SQL: a pair no step carries stands in for none
        List<Object[]> pairs = identifiers.isEmpty()
                ? List.<Object[]>of(new Object[] {"", ""})
                : identifiers.stream()
                        .map(id -> new Object[] {id.value(), id.assigningAuthority()})
                        .toList();
        return jdbc.sql("""
                        select * from scheduled_procedure_step
                        where status in ('SCHEDULED', 'IN_PROGRESS')
                          and (euid in (:euids) or (patient_id, issuer_of_patient_id) in (:identifiers))
                        order by id for update
                        """)
                .param("euids", List.copyOf(euids))
                .param("identifiers", pairs)
                .query(this::step)
                .list();
    }

    /** Stores a new step ({@code id} 0) or the changed state of a stored one; returns it as stored. */
    public Step save(Step step, Instant at) {
        MapSqlParameterSource params = params(step, at);
        if (step.id() == 0) {
            long id = jdbc.sql("""
                            insert into scheduled_procedure_step (
                                site, placer_order_number, filler_order_number, accession_number,
                                requested_procedure_id, requested_procedure_description, requested_procedure_codes,
                                scheduled_procedure_step_id, scheduled_procedure_step_description,
                                scheduled_protocol_codes, modality, scheduled_station_ae_title, scheduled_station_name,
                                scheduled_location, scheduled_start_date, scheduled_start_time, scheduled_start,
                                performing_physician, requesting_physician, referring_physician, priority,
                                requested_procedure_priority, reason, patient_id, issuer_of_patient_id,
                                other_patient_ids, euid, patient_name, patient_birth_date, patient_sex,
                                study_instance_uid, status, on_hold, created_at, updated_at, version)
                            values (
                                :site, :placer, :filler, :accession,
                                :rpId, :rpDescription, cast(:rpCodes as jsonb),
                                :spsId, :spsDescription,
                                cast(:protocolCodes as jsonb), :modality, :stationAe, :stationName,
                                :location, :startDate, :startTime, :start,
                                :performing, :requesting, :referring, :priority,
                                :dicomPriority, :reason, :patientId, :issuer,
                                cast(:otherIds as jsonb), :euid, :patientName, :birthDate, :sex,
                                :studyUid, :status, :onHold, :at, :at, 1)
                            returning id
                            """).paramSource(params).query(Long.class).single();
            return findById(id).orElseThrow();
        }
        jdbc.sql("""
                        update scheduled_procedure_step set
                            placer_order_number = :placer, filler_order_number = :filler,
                            requested_procedure_id = :rpId, requested_procedure_description = :rpDescription,
                            requested_procedure_codes = cast(:rpCodes as jsonb),
                            scheduled_procedure_step_description = :spsDescription,
                            scheduled_protocol_codes = cast(:protocolCodes as jsonb), modality = :modality,
                            scheduled_station_ae_title = :stationAe, scheduled_station_name = :stationName,
                            scheduled_location = :location, scheduled_start_date = :startDate,
                            scheduled_start_time = :startTime, scheduled_start = :start,
                            performing_physician = :performing, requesting_physician = :requesting,
                            referring_physician = :referring, priority = :priority,
                            requested_procedure_priority = :dicomPriority, reason = :reason,
                            patient_id = :patientId, issuer_of_patient_id = :issuer,
                            other_patient_ids = cast(:otherIds as jsonb), euid = :euid, patient_name = :patientName,
                            patient_birth_date = :birthDate, patient_sex = :sex, study_instance_uid = :studyUid,
                            status = :status, on_hold = :onHold, updated_at = :at, version = version + 1
                        where id = :id
                        """).paramSource(params.addValue("id", step.id())).update();
        return findById(step.id()).orElseThrow();
    }

    /** The next accession number of an entry created without an order: {@code WL<n>}. */
    public String nextUnscheduledAccession() {
        return "WL"
                + jdbc.sql("select nextval('unscheduled_accession')")
                        .query(Long.class)
                        .single();
    }

    /** Whether the site already has this step of this order. */
    public boolean exists(String site, String accessionNumber, String stepId) {
        return jdbc.sql("""
                        select count(*) from scheduled_procedure_step
                        where site = ? and accession_number = ? and scheduled_procedure_step_id = ?
                        """)
                        .params(site, accessionNumber, stepId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The steps matching the query, by scheduled start (unscheduled last), then id. */
    public List<Step> search(StepQuery query) {
        StringBuilder where = new StringBuilder("where true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (query.patient() != null) {
            where.append(" and ((patient_id = :pv and issuer_of_patient_id = :pa)"
                    + " or other_patient_ids @> jsonb_build_array(jsonb_build_object('value', cast(:pv as text),"
                    + " 'assigningAuthority', cast(:pa as text))))");
            params.addValue("pv", query.patient().value())
                    .addValue("pa", query.patient().assigningAuthority());
        }
        add(where, params, "accession_number = :accession", "accession", query.accessionNumber());
        add(where, params, "modality = :modality", "modality", query.modality());
        add(where, params, "scheduled_station_ae_title = :station", "station", query.stationAeTitle());
        if (!query.statuses().isEmpty()) {
            where.append(" and status in (:statuses)");
            params.addValue(
                    "statuses", query.statuses().stream().map(Enum::name).toList());
        }
        if (query.sites() != null) {
            where.append(query.sites().isEmpty() ? " and false" : " and site in (:sites)");
            params.addValue("sites", List.copyOf(query.sites()));
        }
        if (query.onHold() != null) {
            where.append(" and on_hold = :onHold");
            params.addValue("onHold", query.onHold());
        }
        add(where, params, "scheduled_start_date >= :fromDate", "fromDate", query.fromDate());
        add(where, params, "scheduled_start_date <= :toDate", "toDate", query.toDate());
        add(where, params, "scheduled_start >= :startFrom", "startFrom", timestamp(query.startFrom()));
        add(where, params, "scheduled_start <= :startTo", "startTo", timestamp(query.startTo()));
        add(where, params, "created_at >= :createdFrom", "createdFrom", timestamp(query.createdFrom()));
        add(where, params, "created_at <= :createdTo", "createdTo", timestamp(query.createdTo()));
        params.addValue("limit", query.limit());
        return jdbc.sql("select * from scheduled_procedure_step " + where
                        + " order by scheduled_start nulls last, id limit :limit")
                .paramSource(params)
                .query(this::step)
                .list();
    }

    /** Records a change of a step. */
    public void addHistory(long stepId, Instant at, String action, String cause, Map<String, ?> detail) {
        jdbc.sql("""
                        insert into procedure_step_history (step_id, at, action, cause, detail)
                        values (?, ?, ?, ?, cast(? as jsonb))
                        """)
                .params(stepId, Timestamp.from(at), action, cause, json.writeValueAsString(detail))
                .update();
    }

    /** The changes of a step, oldest first. */
    public List<HistoryEntry> history(long stepId) {
        return jdbc.sql("""
                        select id, at, action, cause, detail::text as detail from procedure_step_history
                        where step_id = ? order by id
                        """)
                .param(stepId)
                .query((rs, row) -> new HistoryEntry(
                        rs.getLong("id"),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("action"),
                        rs.getString("cause"),
                        json.readTree(rs.getString("detail"))))
                .list();
    }

    private static void add(
            StringBuilder where, MapSqlParameterSource params, String condition, String name, @Nullable Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            params.addValue(name, value);
        }
    }

    private MapSqlParameterSource params(Step step, Instant at) {
        Procedure p = step.procedure();
        StepPatient patient = step.patient();
        ScheduledStart start = p.start();
        return new MapSqlParameterSource()
                .addValue("site", step.site())
                .addValue("placer", p.placerOrderNumber())
                .addValue("filler", p.fillerOrderNumber())
                .addValue("accession", step.accessionNumber())
                .addValue("rpId", p.requestedProcedureId())
                .addValue("rpDescription", p.requestedProcedureDescription())
                .addValue("rpCodes", json.writeValueAsString(p.requestedProcedureCodes()))
                .addValue("spsId", step.stepId())
                .addValue("spsDescription", p.stepDescription())
                .addValue("protocolCodes", json.writeValueAsString(p.protocolCodes()))
                .addValue("modality", p.modality())
                .addValue("stationAe", p.stationAeTitle())
                .addValue("stationName", p.stationName())
                .addValue("location", p.location())
                .addValue("startDate", start == null ? null : start.date(), java.sql.Types.DATE)
                .addValue("startTime", start == null ? null : start.time(), java.sql.Types.TIME)
                .addValue("start", start == null ? null : Timestamp.from(start.instant()), java.sql.Types.TIMESTAMP)
                .addValue("performing", p.performingPhysician())
                .addValue("requesting", p.requestingPhysician())
                .addValue("referring", p.referringPhysician())
                .addValue("priority", p.priority())
                .addValue("dicomPriority", p.dicomPriority())
                .addValue("reason", p.reason())
                .addValue("patientId", patient.patientId())
                .addValue("issuer", patient.issuer())
                .addValue("otherIds", json.writeValueAsString(patient.otherIds()))
                .addValue("euid", patient.euid(), java.sql.Types.OTHER)
                .addValue("patientName", patient.name())
                .addValue("birthDate", patient.birthDate(), java.sql.Types.DATE)
                .addValue("sex", patient.sex())
                .addValue("studyUid", p.studyInstanceUid())
                .addValue("status", step.status().name())
                .addValue("onHold", step.onHold())
                .addValue("at", Timestamp.from(at));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private Step step(ResultSet rs, int row) throws SQLException {
        LocalDate startDate = rs.getObject("scheduled_start_date", LocalDate.class);
        Timestamp start = rs.getTimestamp("scheduled_start");
        ScheduledStart scheduledStart = startDate == null || start == null
                ? null
                : new ScheduledStart(
                        startDate, rs.getObject("scheduled_start_time", LocalTime.class), start.toInstant());
        Procedure procedure = new Procedure(
                rs.getString("placer_order_number"),
                rs.getString("filler_order_number"),
                rs.getString("requested_procedure_id"),
                rs.getString("requested_procedure_description"),
                json.readValue(rs.getString("requested_procedure_codes"), CODES),
                rs.getString("scheduled_procedure_step_description"),
                json.readValue(rs.getString("scheduled_protocol_codes"), CODES),
                rs.getString("modality"),
                rs.getString("scheduled_station_ae_title"),
                rs.getString("scheduled_station_name"),
                rs.getString("scheduled_location"),
                scheduledStart,
                rs.getString("performing_physician"),
                rs.getString("requesting_physician"),
                rs.getString("referring_physician"),
                rs.getString("priority"),
                rs.getString("reason"),
                rs.getString("study_instance_uid"));
        StepPatient patient = new StepPatient(
                rs.getString("patient_id"),
                rs.getString("issuer_of_patient_id"),
                new ArrayList<>(json.readValue(rs.getString("other_patient_ids"), IDENTIFIERS)),
                rs.getObject("euid", UUID.class),
                rs.getString("patient_name"),
                rs.getObject("patient_birth_date", LocalDate.class),
                rs.getString("patient_sex"));
        return new Step(
                rs.getLong("id"),
                rs.getString("site"),
                rs.getString("accession_number"),
                rs.getString("scheduled_procedure_step_id"),
                procedure,
                patient,
                StepStatus.valueOf(rs.getString("status")),
                rs.getBoolean("on_hold"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
