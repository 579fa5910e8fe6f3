package health.isthmus.events.mpi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;

/**
 * A change to an enterprise identity, keyed by its EUID. Every event carries the identity as it stands after the
 * change, so that a consumer can follow without asking the MPI.
 */
public sealed interface EnterprisePatientEvent extends IsthmusEvent
        permits EnterprisePatientCreated,
                EnterprisePatientUpdated,
                EnterprisePatientLinked,
                EnterprisePatientUnlinked,
                EnterprisePatientMerged {

    /** The enterprise identity. */
    UUID euid();

    /** Every active source identifier of the identity, each record's primary identifier first. */
    List<PatientIdentifier> identifiers();

    /** The demographics of the identity's most recently updated source record. */
    PatientDemographics demographics();

    /** What made the change. */
    MpiCause cause();

    @Override
    @JsonIgnore
    default String partitionKey() {
        return euid().toString();
    }
}
