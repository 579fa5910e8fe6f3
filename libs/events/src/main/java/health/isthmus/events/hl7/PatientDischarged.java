package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A03 (discharge/end visit): the patient's visit ended. */
@EventContract(type = "hl7.PatientDischarged", version = 1, topic = Hl7Topics.PATIENT)
public record PatientDischarged(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
