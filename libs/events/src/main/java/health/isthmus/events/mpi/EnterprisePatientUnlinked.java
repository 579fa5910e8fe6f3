package health.isthmus.events.mpi;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;

/**
 * Source records left the identity (an unlink or an unmerge) and now form the identity {@code newEuid}, whose
 * {@link EnterprisePatientCreated} follows on its own key. Data filed under the identifiers in {@code unlinked}
 * belongs to {@code newEuid} from now on.
 *
 * @param euid the identity the records left
 * @param identifiers its source identifiers after the unlink
 * @param demographics its demographics after the unlink
 * @param unlinked the identifiers of the records that left
 * @param newEuid the identity they form now
 * @param cause who unlinked them
 */
@EventContract(type = "mpi.EnterprisePatientUnlinked", version = 1, topic = MpiTopics.PATIENT)
public record EnterprisePatientUnlinked(
        UUID euid,
        List<PatientIdentifier> identifiers,
        PatientDemographics demographics,
        List<PatientIdentifier> unlinked,
        UUID newEuid,
        MpiCause cause)
        implements EnterprisePatientEvent {

    public EnterprisePatientUnlinked {
        identifiers = List.copyOf(identifiers);
        unlinked = List.copyOf(unlinked);
    }
}
