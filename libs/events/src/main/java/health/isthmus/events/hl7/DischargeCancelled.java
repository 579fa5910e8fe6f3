package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A13 (cancel discharge): a discharge was cancelled. */
@EventContract(type = "hl7.DischargeCancelled", version = 1, topic = Hl7Topics.PATIENT)
public record DischargeCancelled(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
