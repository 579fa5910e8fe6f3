package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ADT A12 (cancel transfer): a transfer was cancelled. */
@EventContract(type = "hl7.TransferCancelled", version = 1, topic = Hl7Topics.PATIENT)
public record TransferCancelled(Hl7Origin origin, PatientDemographics patient) implements PatientEvent {}
