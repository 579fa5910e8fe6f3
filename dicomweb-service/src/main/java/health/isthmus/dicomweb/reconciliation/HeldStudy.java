package health.isthmus.dicomweb.reconciliation;

import health.isthmus.events.common.PatientIdentifier;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A study held for reconciliation: its images' Patient ID contradicts its order's patient.
 *
 * @param studyInstanceUid the study
 * @param accessionNumber the images' accession number
 * @param orderKey the order it was matched to ({@code <site>|<accession number>})
 * @param imagesPatient the patient the images name (Patient ID and issuer)
 * @param orderPatient the order's patient, while the worklist read model holds the order
 * @param heldReason why it is held
 * @param numberOfSeries series stored
 * @param numberOfInstances instances stored
 * @param receivedAt when its first instance arrived
 * @param lastInstanceAt when its last instance arrived
 */
public record HeldStudy(
        String studyInstanceUid,
        @Nullable String accessionNumber,
        @Nullable String orderKey,
        @Nullable PatientIdentifier imagesPatient,
        @Nullable PatientIdentifier orderPatient,
        @Nullable String heldReason,
        int numberOfSeries,
        int numberOfInstances,
        Instant receivedAt,
        Instant lastInstanceAt) {}
