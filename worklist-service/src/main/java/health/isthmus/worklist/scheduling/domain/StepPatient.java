package health.isthmus.worklist.scheduling.domain;

import health.isthmus.events.common.PatientIdentifier;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The patient of a step as the modality sees it.
 *
 * @param patientId Patient ID (0010,0020): the identifier at the performing site
 * @param issuer Issuer of Patient ID (0010,0021): its assigning authority
 * @param otherIds every identifier of the patient's identity (the MPI's when it named one, the order's otherwise)
 * @param euid the enterprise identity, once the MPI has named it
 * @param name Patient's Name in DICOM PN form
 * @param birthDate Patient's Birth Date
 * @param sex Patient's Sex as HL7 sent it (F, M, O, U...)
 */
public record StepPatient(
        String patientId,
        String issuer,
        List<PatientIdentifier> otherIds,
        @Nullable UUID euid,
        @Nullable String name,
        @Nullable LocalDate birthDate,
        @Nullable String sex) {

    public StepPatient {
        otherIds = List.copyOf(otherIds);
    }

    /** The Patient ID with its issuer, and its type when the identity's identifiers name it. */
    public PatientIdentifier identifier() {
        return otherIds.stream()
                .filter(this::isNamedBy)
                .findFirst()
                .orElseGet(() -> new PatientIdentifier(patientId, issuer, null));
    }

    /** Whether this is the patient named by that identifier (value and assigning authority). */
    public boolean isNamedBy(PatientIdentifier identifier) {
        return patientId.equals(identifier.value()) && issuer.equals(identifier.assigningAuthority());
    }
}
