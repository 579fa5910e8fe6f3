package health.isthmus.events.mpi;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;

/**
 * A source record of the identity changed its demographics or identifiers (an update, or an identifier change
 * that retired one).
 *
 * @param euid the identity
 * @param identifiers its source identifiers after the change
 * @param demographics its demographics after the change
 * @param retired identifiers that no longer name the patient after this change (A47), empty otherwise
 * @param cause what changed it
 */
@EventContract(type = "mpi.EnterprisePatientUpdated", version = 1, topic = MpiTopics.PATIENT)
public record EnterprisePatientUpdated(
        UUID euid,
        List<PatientIdentifier> identifiers,
        PatientDemographics demographics,
        List<PatientIdentifier> retired,
        MpiCause cause)
        implements EnterprisePatientEvent {

    public EnterprisePatientUpdated {
        identifiers = List.copyOf(identifiers);
        retired = List.copyOf(retired);
    }
}
