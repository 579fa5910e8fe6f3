package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A08 (update patient information): the sender changed a patient's demographics. */
@EventContract(type = "hl7.PatientUpdated", version = 1, topic = Hl7Topics.PATIENT)
public record PatientUpdated(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
