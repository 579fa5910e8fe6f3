package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A01 (admit an inpatient): a patient was admitted. */
@EventContract(type = "hl7.PatientAdmitted", version = 1, topic = Hl7Topics.PATIENT)
public record PatientAdmitted(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
