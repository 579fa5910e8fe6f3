package health.isthmus.events.mpi;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Source records were merged into a survivor (ADT A40): their identifiers are retired and name the survivor's
 * identity from now on. Orders, studies and reports filed under a retired identifier or under {@code retiredEuid}
 * belong to {@code euid}.
 *
 * @param euid the surviving identity
 * @param identifiers its active source identifiers after the merge
 * @param demographics its demographics after the merge
 * @param retired the identifiers that no longer name a patient of their own
 * @param retiredEuid the identity the retired records belonged to, when it was another one (it has no records
 *     left)
 * @param cause the merge message
 */
@EventContract(type = "mpi.EnterprisePatientMerged", version = 1, topic = MpiTopics.PATIENT)
public record EnterprisePatientMerged(
        UUID euid,
        List<PatientIdentifier> identifiers,
        PatientDemographics demographics,
        List<PatientIdentifier> retired,
        @Nullable UUID retiredEuid,
        MpiCause cause)
        implements EnterprisePatientEvent {

    public EnterprisePatientMerged {
        identifiers = List.copyOf(identifiers);
        retired = List.copyOf(retired);
    }
}
