package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A06 (outpatient to inpatient) or A07 (inpatient to outpatient): the patient class changed. */
@EventContract(type = "hl7.PatientClassChanged", version = 1, topic = Hl7Topics.PATIENT)
public record PatientClassChanged(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
