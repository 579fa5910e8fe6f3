package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;

/**
 * ADT A47 (change patient identifier list): the identifier of MRG-1 was replaced by the one of PID-3 for
 * the same patient. Keyed by the new identifier.
 *
 * @param origin the stored message
 * @param patient the patient under the new identifier
 * @param previous the identifier that no longer names the patient
 */
@EventContract(type = "hl7.PatientIdentifierChanged", version = 1, topic = Hl7Topics.PATIENT)
public record PatientIdentifierChanged(Hl7Origin origin, PatientDemographics patient, PatientIdentifier previous)
        implements IsthmusEvent {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return patient.primaryIdentifier().qualified();
    }
}
