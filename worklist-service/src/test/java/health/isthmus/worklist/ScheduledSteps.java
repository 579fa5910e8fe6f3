package health.isthmus.worklist;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes scheduled steps straight into the table, as the order consumer would (synthetic patients only). */
public final class ScheduledSteps {

    private final JdbcClient jdbc;

    public ScheduledSteps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One step; the rest of its columns get plausible values. */
    public record Step(
            String accession,
            String patientId,
            String patientName,
            String modality,
            String stationAeTitle,
            LocalDate day,
            LocalTime time,
            String status,
            boolean onHold) {

        public static Step of(String accession, String patientId, String patientName) {
            return new Step(
                    accession,
                    patientId,
                    patientName,
                    "CT",
                    "CT01",
                    LocalDate.of(2026, 12, 3),
                    LocalTime.of(9, 30),
                    "SCHEDULED",
                    false);
        }

        public Step at(String modality, String station, LocalDate day, LocalTime time) {
            return new Step(accession, patientId, patientName, modality, station, day, time, status, onHold);
        }

        public Step withStatus(String status) {
            return new Step(accession, patientId, patientName, modality, stationAeTitle, day, time, status, onHold);
        }

        public Step held() {
            return new Step(accession, patientId, patientName, modality, stationAeTitle, day, time, status, true);
        }

        public String studyInstanceUid() {
            return "2.25." + Math.abs((long) accession.hashCode()) + "1";
        }
    }

    public void deleteAll() {
        jdbc.sql("delete from procedure_step_history").update();
        jdbc.sql("delete from performed_procedure_step").update();
        jdbc.sql("delete from scheduled_procedure_step").update();
    }

    public long insert(Step step) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.sql("insert into scheduled_procedure_step (site, placer_order_number, accession_number,"
                        + " requested_procedure_id, requested_procedure_description, requested_procedure_codes,"
                        + " scheduled_procedure_step_id, scheduled_procedure_step_description, modality,"
                        + " scheduled_station_ae_title, scheduled_station_name, scheduled_start_date,"
                        + " scheduled_start_time, scheduled_start, performing_physician, referring_physician, priority,"
                        + " patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex,"
                        + " study_instance_uid, status, on_hold, created_at, updated_at)"
                        + " values ('GENHOSP', ?, ?, ?, 'CT CHEST', ?::jsonb, ?, 'CHEST PLAIN', ?, ?, ?, ?, ?, ?,"
                        + " 'SMITH^ANNA', NULL, 'R', ?, 'GENHOSP', ?, ?, 'F', ?, ?, ?, ?, ?) returning id")
                .params(
                        "PO-" + step.accession(),
                        step.accession(),
                        "RP-" + step.accession(),
                        "[{\"code\": \"CTCH\", \"meaning\": \"CT chest\", \"scheme\": \"L\"}]",
                        "SPS-" + step.accession(),
                        step.modality(),
                        step.stationAeTitle(),
                        step.stationAeTitle() + " room",
                        step.day(),
                        step.time(),
                        Timestamp.valueOf(step.day().atTime(step.time())),
                        step.patientId(),
                        step.patientName(),
                        LocalDate.of(1980, 2, 14),
                        step.studyInstanceUid(),
                        step.status(),
                        step.onHold(),
                        now,
                        now)
                .query(Long.class)
                .single();
    }

    /** Many CT steps on one day for patients MRN&lt;prefix&gt;1 to MRN&lt;prefix&gt;&lt;count&gt;, in one statement. */
    public void insertMany(String prefix, int count) {
        jdbc.sql("insert into scheduled_procedure_step (site, accession_number, requested_procedure_id,"
                        + " scheduled_procedure_step_id, modality, scheduled_station_ae_title, scheduled_start_date,"
                        + " scheduled_start_time, patient_id, issuer_of_patient_id, patient_name, study_instance_uid,"
                        + " created_at, updated_at)"
                        + " select 'GENHOSP', ? || n, 'RP' || n, 'SPS' || n, 'CT', 'CT01', date '2026-12-03',"
                        + " time '08:00', 'MRN' || ? || n, 'GENHOSP', 'SYNTHETIC^PATIENT' || n, '2.25.99' || n,"
                        + " now(), now() from generate_series(1, ?) as n")
                .params(prefix, prefix, count)
                .update();
    }

    public String status(long stepId) {
        return jdbc.sql("select status from scheduled_procedure_step where id = ?")
                .param(stepId)
                .query(String.class)
                .single();
    }
}
