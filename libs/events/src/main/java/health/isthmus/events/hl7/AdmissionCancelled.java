package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A11 (cancel admit/visit notification): an admission or visit was cancelled. */
@EventContract(type = "hl7.AdmissionCancelled", version = 1, topic = Hl7Topics.PATIENT)
public record AdmissionCancelled(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
