package health.isthmus.events.worklist;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.PatientIdentifier;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled procedure step as the worklist holds it after the change an event reports.
 *
 * @param stepId the worklist's id of the step
 * @param site the site the order came from
 * @param accessionNumber the accession number (DICOM 0008,0050)
 * @param requestedProcedureId requested procedure id (0040,1001)
 * @param scheduledProcedureStepId scheduled procedure step id (0040,0009)
 * @param studyInstanceUid the Study Instance UID the modality will use, stable from scheduling on
 * @param modality the scheduled modality (0008,0060)
 * @param scheduledStationAeTitle the scheduled station AE title (0040,0001), if set
 * @param scheduledStart the scheduled start, if known
 * @param patient the patient's identifier at the site (Patient ID with its issuer)
 * @param euid the patient's enterprise identity, once the MPI has named it
 * @param status SCHEDULED, IN_PROGRESS, COMPLETED, DISCONTINUED or CANCELLED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcedureStep(
        long stepId,
        String site,
        String accessionNumber,
        @Nullable String requestedProcedureId,
        String scheduledProcedureStepId,
        String studyInstanceUid,
        @Nullable String modality,
        @Nullable String scheduledStationAeTitle,
        @Nullable Instant scheduledStart,
        PatientIdentifier patient,
        @Nullable UUID euid,
        String status) {

    /** The partition key of this step's events. */
    public String key() {
        return site + "|" + accessionNumber;
    }
}
