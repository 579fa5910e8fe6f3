package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A31 (update person information): the sender changed a person's master file record. */
@EventContract(type = "hl7.PersonUpdated", version = 1, topic = Hl7Topics.PATIENT)
public record PersonUpdated(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
