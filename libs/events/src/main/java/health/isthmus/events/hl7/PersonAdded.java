package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A28 (add person information): a person became known to the master file of the sender. */
@EventContract(type = "hl7.PersonAdded", version = 1, topic = Hl7Topics.PATIENT)
public record PersonAdded(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
