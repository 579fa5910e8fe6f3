package health.isthmus.events.mpi;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Source records joined the identity: matching linked a new record, a reviewer accepted a link, or an
 * administrator linked records. Data filed under {@code formerEuid} now belongs to {@code euid}.
 *
 * @param euid the identity the records joined
 * @param identifiers its source identifiers after the link
 * @param demographics its demographics after the link
 * @param linked the identifiers of the records that joined
 * @param formerEuid the identity those records left, when they had one (it has no records left)
 * @param cause what linked them
 */
@EventContract(type = "mpi.EnterprisePatientLinked", version = 1, topic = MpiTopics.PATIENT)
public record EnterprisePatientLinked(
        UUID euid,
        List<PatientIdentifier> identifiers,
        PatientDemographics demographics,
        List<PatientIdentifier> linked,
        @Nullable UUID formerEuid,
        MpiCause cause)
        implements EnterprisePatientEvent {

    public EnterprisePatientLinked {
        identifiers = List.copyOf(identifiers);
        linked = List.copyOf(linked);
    }
}
