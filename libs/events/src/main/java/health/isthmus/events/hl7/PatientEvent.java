package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;

/** An ADT fact about one patient, keyed by the patient's qualified primary identifier. */
public sealed interface PatientEvent extends IsthmusEvent
        permits PatientAdmitted,
                PatientTransferred,
                PatientDischarged,
                PatientRegistered,
                PatientPreAdmitted,
                PatientClassChanged,
                PatientUpdated,
                AdmissionCancelled,
                TransferCancelled,
                DischargeCancelled,
                PersonAdded,
                PersonUpdated {

    /** The stored message this fact was read from. */
    Hl7Origin origin();

    /** The patient as the sender describes it now. */
    PatientDemographics patient();

    @Override
    @JsonIgnore
    default String partitionKey() {
        return patient().primaryIdentifier().qualified();
    }
}
