package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientDemographics;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A source record of the registry.
 *
 * @param id the record's id (the FHIR Patient id)
 * @param euid the enterprise identity the record belongs to
 * @param demographics the demographics last reported for it
 * @param version how many times it was written
 * @param updatedAt when it was last written
 * @param mergedInto the surviving record, when an A40 merged this one into it
 * @param site the site the record belongs to (that of the message that created it), null when unknown
 */
public record PatientRecord(
        long id,
        UUID euid,
        PatientDemographics demographics,
        int version,
        Instant updatedAt,
        @Nullable Long mergedInto,
        @Nullable String site) {

    /** Whether the record still answers for a patient of its own. */
    public boolean active() {
        return mergedInto == null;
    }

    /** The identifier the record is keyed by. */
    public health.isthmus.events.common.PatientIdentifier key() {
        return demographics.primaryIdentifier();
    }
}
