package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of source records. */
public interface PatientRecords {

    /** The record keyed by this identifier (its assigning authority and value). */
    Optional<PatientRecord> findByKey(PatientIdentifier key);

    /** Records carrying this identifier; with a null authority, any authority's identifier of that value. */
    List<PatientRecord> findByIdentifier(String value, String assigningAuthority);

    /** Records carrying an identifier of this value from any authority. */
    List<PatientRecord> findByIdentifierValue(String value);

    /** Records of one enterprise identity. */
    List<PatientRecord> findByEuid(UUID euid);

    /** One record. */
    Optional<PatientRecord> findById(long id);

    /** Creates a record under a new enterprise identity. */
    PatientRecord create(PatientDemographics demographics, String facility, String controlId, Instant at);

    /** Replaces a record's demographics and identifiers. */
    void update(long id, PatientDemographics demographics, String facility, String controlId, Instant at);
}
