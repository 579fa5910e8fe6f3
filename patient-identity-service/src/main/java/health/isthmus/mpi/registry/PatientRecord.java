package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientDemographics;
import java.time.Instant;
import java.util.UUID;

/**
 * A source record of the registry.
 *
 * @param id the record's id (the FHIR Patient id)
 * @param euid the enterprise identity the record belongs to
 * @param demographics the demographics last reported for it
 * @param version how many times it was written
 * @param updatedAt when it was last written
 */
public record PatientRecord(long id, UUID euid, PatientDemographics demographics, int version, Instant updatedAt) {}
