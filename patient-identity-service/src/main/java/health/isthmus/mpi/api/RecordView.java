package health.isthmus.mpi.api;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.mpi.registry.PatientRecord;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A source record as administrators see it.
 *
 * @param id the record id (the FHIR Patient id)
 * @param euid its identity
 * @param active false once merged into another record
 * @param mergedInto the survivor, when merged
 * @param identifiers its identifiers, its key first
 * @param demographics its demographics
 * @param version how often it was written
 */
record RecordView(
        long id,
        UUID euid,
        boolean active,
        @Nullable Long mergedInto,
        List<PatientIdentifier> identifiers,
        PatientDemographics demographics,
        int version) {

    static RecordView of(PatientRecord record) {
        return new RecordView(
                record.id(),
                record.euid(),
                record.active(),
                record.mergedInto(),
                record.demographics().identifiers(),
                record.demographics(),
                record.version());
    }
}
