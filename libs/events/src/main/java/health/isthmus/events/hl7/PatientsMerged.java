package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;

/**
 * ADT A40 (merge patient, patient identifier list): the records named in MRG-1 were merged into the
 * surviving patient of PID-3. Keyed by the survivor.
 *
 * @param origin the stored message
 * @param survivor the surviving patient as the sender describes it now
 * @param retired the identifiers of MRG-1 that no longer name a patient of their own
 */
@EventContract(type = "hl7.PatientsMerged", version = 1, topic = Hl7Topics.PATIENT)
public record PatientsMerged(Hl7Origin origin, PatientDemographics survivor, List<PatientIdentifier> retired)
        implements IsthmusEvent {

    public PatientsMerged {
        if (retired.isEmpty()) {
            throw new IllegalArgumentException("a merge retires at least one identifier");
        }
        retired = List.copyOf(retired);
    }

    @Override
    @JsonIgnore
    public String partitionKey() {
        return survivor.primaryIdentifier().qualified();
    }
}
