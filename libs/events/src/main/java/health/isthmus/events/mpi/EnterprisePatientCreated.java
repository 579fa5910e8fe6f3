package health.isthmus.events.mpi;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;

/**
 * A new enterprise identity: a source record matched no one, went to review, or was split off by an unlink or
 * unmerge.
 *
 * @param euid the new identity
 * @param identifiers its source identifiers
 * @param demographics its demographics
 * @param cause what created it
 */
@EventContract(type = "mpi.EnterprisePatientCreated", version = 1, topic = MpiTopics.PATIENT)
public record EnterprisePatientCreated(
        UUID euid, List<PatientIdentifier> identifiers, PatientDemographics demographics, MpiCause cause)
        implements EnterprisePatientEvent {

    public EnterprisePatientCreated {
        identifiers = List.copyOf(identifiers);
    }
}
