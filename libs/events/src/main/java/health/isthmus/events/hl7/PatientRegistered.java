package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A04 (register an outpatient): a patient became known to the sender. */
@EventContract(type = "hl7.PatientRegistered", version = 1, topic = Hl7Topics.PATIENT)
public record PatientRegistered(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
