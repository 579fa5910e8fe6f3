package health.isthmus.worklist.mpps;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.dictionary.ElementDictionary;
import health.isthmus.dicom.dimse.DimseException;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.json.DicomJsonReader;
import health.isthmus.dicom.json.DicomJsonWriter;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.worklist.ProcedureCompleted;
import health.isthmus.events.worklist.ProcedureDiscontinued;
import health.isthmus.events.worklist.ProcedureStarted;
import health.isthmus.events.worklist.ProcedureStep;
import health.isthmus.platform.outbox.EventPublisher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Performed procedure steps and their effect on the scheduled step they report on: each change of a performed
 * step, the scheduled step's new status, its history line, the audit record and the procedure event are written in
 * one transaction (the events through the outbox).
 */
@Component
public class PerformedProcedureSteps {

    static final String IN_PROGRESS = "IN PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String DISCONTINUED = "DISCONTINUED";

    /** Type 1 attributes of an N-CREATE (PS3.4 Table F.7.2-1): absent is 0120, empty is 0121. */
    private static final int[] REQUIRED_AT_CREATE = {
        Tag.ScheduledStepAttributesSequence,
        Tag.PerformedProcedureStepID,
        Tag.PerformedStationAETitle,
        Tag.PerformedProcedureStepStartDate,
        Tag.PerformedProcedureStepStartTime,
        Tag.PerformedProcedureStepStatus,
        Tag.Modality
    };

    private static final Logger log = LoggerFactory.getLogger(PerformedProcedureSteps.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventPublisher events;
    private final MppsAudit audit;
    private final JsonMapper json;
    private final Clock clock;
    private final MppsProperties properties;

    public PerformedProcedureSteps(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            EventPublisher events,
            MppsAudit audit,
            JsonMapper json,
            Clock clock,
            MppsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /** A modality's N-CREATE: the performed step starts, and with it the scheduled step it names. */
    public void create(
            String sopInstanceUid, String callingAeTitle, @Nullable String remoteAddress, Attributes attributes) {
        for (int tag : REQUIRED_AT_CREATE) {
            if (!attributes.contains(tag)) {
                throw new DimseException(Status.MISSING_ATTRIBUTE, "missing " + name(tag));
            }
            if (!hasValue(attributes, tag)) {
                throw new DimseException(Status.MISSING_ATTRIBUTE_VALUE, "no value in " + name(tag));
            }
        }
        Sequence scheduled = attributes.getSequence(Tag.ScheduledStepAttributesSequence);
        if (scheduled.size() == 0 || !hasValue(scheduled.get(0), Tag.StudyInstanceUID)) {
            throw new DimseException(
                    Status.MISSING_ATTRIBUTE_VALUE, "no Study Instance UID in the Scheduled Step Attributes Sequence");
        }
        String status = attributes.getString(Tag.PerformedProcedureStepStatus);
        if (!IN_PROGRESS.equals(status)) {
            throw new DimseException(
                    Status.INVALID_ATTRIBUTE_VALUE, "Performed Procedure Step Status must be IN PROGRESS at N-CREATE");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            Long stepId = linkedStep(scheduled);
            int inserted = jdbc.sql("insert into performed_procedure_step"
                            + " (sop_instance_uid, step_id, status, calling_ae_title, attributes, created_at, updated_at)"
                            + " values (?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (sop_instance_uid) do nothing")
                    .params(
                            sopInstanceUid,
                            stepId,
                            IN_PROGRESS,
                            callingAeTitle,
                            new DicomJsonWriter().toJson(attributes),
                            Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
            if (inserted == 0) {
                throw new DimseException(Status.DUPLICATE_SOP_INSTANCE, "the performed procedure step exists");
            }
            Optional<ProcedureStep> step = stepId == null
                    ? Optional.empty()
                    : changeStep(stepId, "IN_PROGRESS", List.of("SCHEDULED"), callingAeTitle, sopInstanceUid, now);
            step.ifPresent(changed -> events.publish(new ProcedureStarted(
                    changed,
                    sopInstanceUid,
                    attributes.getString(Tag.PerformedStationAETitle, callingAeTitle),
                    instant(
                            attributes,
                            Tag.PerformedProcedureStepStartDate,
                            Tag.PerformedProcedureStepStartTime,
                            now))));
            audit.change(callingAeTitle, remoteAddress, sopInstanceUid, stepId == null ? null : lookUp(stepId), true);
            if (stepId == null) {
                log.info(
                        "MPPS {} from {} names no scheduled step: recorded as unscheduled",
                        sopInstanceUid,
                        callingAeTitle);
            }
        });
    }

    /** A modality's N-SET: attributes change, and a final status ends the scheduled step. */
    public void set(
            String sopInstanceUid, String callingAeTitle, @Nullable String remoteAddress, Attributes modifications) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            Stored stored = jdbc.sql("select status, step_id, attributes::text from performed_procedure_step"
                            + " where sop_instance_uid = ? for update")
                    .param(sopInstanceUid)
                    .query((row, n) -> new Stored(row.getString(1), (Long) row.getObject(2), row.getString(3)))
                    .optional()
                    .orElseThrow(() ->
                            new DimseException(Status.NO_SUCH_OBJECT_INSTANCE, "no such performed procedure step"));
            if (!IN_PROGRESS.equals(stored.status())) {
                // PS3.4 F.7.2.2.2: a completed or discontinued step may no longer be updated (Error ID A710)
                throw new DimseException(
                        Status.PROCESSING_FAILURE, "Performed Procedure Step Object may no longer be updated");
            }
            String status = stored.status();
            if (modifications.contains(Tag.PerformedProcedureStepStatus)) {
                status = modifications.getString(Tag.PerformedProcedureStepStatus, "");
                if (!List.of(IN_PROGRESS, COMPLETED, DISCONTINUED).contains(status)) {
                    throw new DimseException(
                            Status.INVALID_ATTRIBUTE_VALUE, "status must be IN PROGRESS, COMPLETED or DISCONTINUED");
                }
            }
            Attributes merged = new DicomJsonReader().read(stored.attributes());
            merged.addAll(modifications);
            jdbc.sql("update performed_procedure_step set status = ?, attributes = ?::jsonb, updated_at = ?"
                            + " where sop_instance_uid = ?")
                    .params(status, new DicomJsonWriter().toJson(merged), Timestamp.from(now), sopInstanceUid)
                    .update();
            if (status.equals(IN_PROGRESS)) {
                audit.change(
                        callingAeTitle,
                        remoteAddress,
                        sopInstanceUid,
                        stored.stepId() == null ? null : lookUp(stored.stepId()),
                        false);
                return;
            }
            Optional<ProcedureStep> step = stored.stepId() == null
                    ? Optional.empty()
                    : changeStep(
                            stored.stepId(),
                            status.equals(COMPLETED) ? "COMPLETED" : "DISCONTINUED",
                            List.of("SCHEDULED", "IN_PROGRESS"),
                            callingAeTitle,
                            sopInstanceUid,
                            now);
            Instant ended = instant(merged, Tag.PerformedProcedureStepEndDate, Tag.PerformedProcedureStepEndTime, now);
            String finalStatus = status;
            step.ifPresent(changed -> events.publish(
                    finalStatus.equals(COMPLETED)
                            ? new ProcedureCompleted(changed, sopInstanceUid, ended, seriesUids(merged))
                            : new ProcedureDiscontinued(
                                    changed, sopInstanceUid, ended, discontinuationReason(merged))));
            audit.change(
                    callingAeTitle,
                    remoteAddress,
                    sopInstanceUid,
                    stored.stepId() == null ? null : lookUp(stored.stepId()),
                    false);
        });
    }

    private record Stored(String status, @Nullable Long stepId, String attributes) {}

    /**
     * The scheduled step the modality names: by accession number and scheduled procedure step id, else by Study
     * Instance UID when exactly one step carries it.
     */
    private @Nullable Long linkedStep(Sequence scheduled) {
        for (int i = 0; i < scheduled.size(); i++) {
            Attributes item = scheduled.get(i);
            String accession = item.getString(Tag.AccessionNumber);
            String stepId = item.getString(Tag.ScheduledProcedureStepID);
            if (accession != null && stepId != null) {
                List<Long> ids = jdbc.sql("select id from scheduled_procedure_step"
                                + " where accession_number = ? and scheduled_procedure_step_id = ? order by id")
                        .params(accession, stepId)
                        .query(Long.class)
                        .list();
                if (ids.size() == 1) {
                    return ids.getFirst();
                }
            }
            String study = item.getString(Tag.StudyInstanceUID);
            if (study != null) {
                List<Long> ids = jdbc.sql(
                                "select id from scheduled_procedure_step where study_instance_uid = ?" + " order by id")
                        .param(study)
                        .query(Long.class)
                        .list();
                if (ids.size() == 1) {
                    return ids.getFirst();
                }
            }
        }
        return null;
    }

    /** Moves the step to the status when it is in one of the expected ones; the step as it then is, if it moved. */
    private Optional<ProcedureStep> changeStep(
            long stepId, String to, List<String> from, String callingAeTitle, String mppsUid, Instant now) {
        String before = jdbc.sql("select status from scheduled_procedure_step where id = ? for update")
                .param(stepId)
                .query(String.class)
                .single();
        if (!from.contains(before)) {
            log.info("MPPS {} leaves step {} as it is ({})", mppsUid, stepId, before);
            return Optional.empty();
        }
        jdbc.sql("update scheduled_procedure_step set status = ?, updated_at = ?, version = version + 1 where id = ?")
                .params(to, Timestamp.from(now), stepId)
                .update();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("from", before);
        detail.put("to", to);
        detail.put("mppsInstanceUid", mppsUid);
        jdbc.sql(
                        "insert into procedure_step_history (step_id, at, action, cause, detail) values (?, ?, ?, ?, ?::jsonb)")
                .params(
                        stepId,
                        Timestamp.from(now),
                        "MPPS_" + to,
                        "dicom " + callingAeTitle,
                        json.writeValueAsString(detail))
                .update();
        return Optional.of(lookUp(stepId));
    }

    private ProcedureStep lookUp(long stepId) {
        return jdbc.sql("select id, site, accession_number, requested_procedure_id, scheduled_procedure_step_id,"
                        + " study_instance_uid, modality, scheduled_station_ae_title, scheduled_start, patient_id,"
                        + " issuer_of_patient_id, euid, status from scheduled_procedure_step where id = ?")
                .param(stepId)
                .query((row, n) -> step(row))
                .single();
    }

    private static ProcedureStep step(ResultSet row) throws SQLException {
        Timestamp start = row.getTimestamp("scheduled_start");
        return new ProcedureStep(
                row.getLong("id"),
                row.getString("site"),
                row.getString("accession_number"),
                row.getString("requested_procedure_id"),
                row.getString("scheduled_procedure_step_id"),
                row.getString("study_instance_uid"),
                row.getString("modality"),
                row.getString("scheduled_station_ae_title"),
                start == null ? null : start.toInstant(),
                new PatientIdentifier(row.getString("patient_id"), row.getString("issuer_of_patient_id"), null),
                row.getObject("euid", UUID.class),
                row.getString("status"));
    }

    private Instant instant(Attributes attributes, int dateTag, int timeTag, Instant otherwise) {
        LocalDate day;
        LocalTime time;
        try {
            day = attributes.getDate(dateTag);
            time = attributes.getTime(timeTag);
        } catch (RuntimeException invalid) {
            return otherwise;
        }
        if (day == null) {
            return otherwise;
        }
        return day.atTime(time == null ? LocalTime.MIDNIGHT : time)
                .atZone(properties.zone())
                .toInstant();
    }

    private static List<String> seriesUids(Attributes attributes) {
        List<String> uids = new ArrayList<>();
        Sequence series = attributes.getSequence(Tag.PerformedSeriesSequence);
        if (series != null) {
            for (int i = 0; i < series.size(); i++) {
                String uid = series.get(i).getString(Tag.SeriesInstanceUID);
                if (uid != null && !uid.isEmpty()) {
                    uids.add(uid);
                }
            }
        }
        return uids;
    }

    private static @Nullable String discontinuationReason(Attributes attributes) {
        Attributes reason = attributes.getNestedDataset(Tag.PerformedProcedureStepDiscontinuationReasonCodeSequence);
        return reason == null ? null : reason.getString(Tag.CodeMeaning);
    }

    private static boolean hasValue(Attributes attributes, int tag) {
        Sequence sequence = attributes.getSequence(tag);
        if (sequence != null) {
            return sequence.size() > 0;
        }
        String value = attributes.getString(tag);
        return value != null && !value.isEmpty();
    }

    private static String name(int tag) {
        return ElementDictionary.keywordOf(tag) + " " + Tags.toString(tag);
    }
}
