package health.isthmus.worklist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.worklist.arrival.StudyArrival;
import health.isthmus.worklist.scheduling.domain.ProcedureCode;
import health.isthmus.worklist.scheduling.domain.Step;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled procedure step as the API shows it: names in DICOM PN form, the start as the site's local date and
 * time and as an instant, priorities as HL7 sent them and as DICOM serves them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StepView(
        long id,
        String site,
        String status,
        boolean onHold,
        String accessionNumber,
        @Nullable String placerOrderNumber,
        @Nullable String fillerOrderNumber,
        String requestedProcedureId,
        @Nullable String requestedProcedureDescription,
        List<ProcedureCode> requestedProcedureCodes,
        String scheduledProcedureStepId,
        @Nullable String scheduledProcedureStepDescription,
        @Nullable String modality,
        @Nullable String scheduledStationAeTitle,
        @Nullable String scheduledStationName,
        @Nullable LocalDate scheduledStartDate,
        @Nullable LocalTime scheduledStartTime,
        @Nullable Instant scheduledStart,
        @Nullable String requestingPhysician,
        @Nullable String priority,
        @Nullable String requestedProcedurePriority,
        @Nullable String reason,
        String studyInstanceUid,
        String patientId,
        String issuerOfPatientId,
        List<PatientIdentifier> otherPatientIds,
        @Nullable UUID euid,
        @Nullable String patientName,
        @Nullable LocalDate patientBirthDate,
        @Nullable String patientSex,
        Instant createdAt,
        Instant updatedAt,
        int version,
        @Nullable StudyArrival images) {

    static StepView of(Step step) {
        return of(step, null);
    }

    /** The step with the images the archive holds for its study, if any. */
    static StepView of(Step step, @Nullable StudyArrival images) {
        var p = step.procedure();
        var patient = step.patient();
        var start = p.start();
        return new StepView(
                step.id(),
                step.site(),
                step.status().name(),
                step.onHold(),
                step.accessionNumber(),
                p.placerOrderNumber(),
                p.fillerOrderNumber(),
                p.requestedProcedureId(),
                p.requestedProcedureDescription(),
                p.requestedProcedureCodes(),
                step.stepId(),
                p.stepDescription(),
                p.modality(),
                p.stationAeTitle(),
                p.stationName(),
                start == null ? null : start.date(),
                start == null ? null : start.time(),
                start == null ? null : start.instant(),
                p.requestingPhysician(),
                p.priority(),
                p.dicomPriority(),
                p.reason(),
                p.studyInstanceUid(),
                patient.patientId(),
                patient.issuer(),
                patient.otherIds(),
                patient.euid(),
                patient.name(),
                patient.birthDate(),
                patient.sex(),
                step.createdAt(),
                step.updatedAt(),
                step.version(),
                images);
    }
}
