package health.isthmus.worklist.scheduling;

import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PersonName;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A worklist entry a user creates without an order from the HIS, already checked by the API.
 *
 * @param accessionNumber the accession number, or null to have one assigned ({@code WL<n>})
 */
public record NewEntry(
        String site,
        String patientId,
        String issuerOfPatientId,
        @Nullable PersonName patientName,
        @Nullable LocalDate patientBirthDate,
        @Nullable String patientSex,
        @Nullable String accessionNumber,
        @Nullable String requestedProcedureId,
        @Nullable String scheduledProcedureStepId,
        @Nullable CodedValue procedureCode,
        @Nullable String description,
        String modality,
        @Nullable String scheduledStationAeTitle,
        @Nullable String scheduledStationName,
        @Nullable Instant scheduledStart,
        @Nullable String priority,
        @Nullable String reason,
        @Nullable PersonName requestingPhysician,
        @Nullable String studyInstanceUid) {}
