package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A02 (transfer a patient): the patient moved to another location. */
@EventContract(type = "hl7.PatientTransferred", version = 1, topic = Hl7Topics.PATIENT)
public record PatientTransferred(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
