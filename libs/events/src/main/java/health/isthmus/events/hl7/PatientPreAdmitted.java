package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A05 (pre-admit a patient): an admission was arranged ahead of time. */
@EventContract(type = "hl7.PatientPreAdmitted", version = 1, topic = Hl7Topics.PATIENT)
public record PatientPreAdmitted(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
