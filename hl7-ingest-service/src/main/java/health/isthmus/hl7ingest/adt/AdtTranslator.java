package health.isthmus.hl7ingest.adt;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.AdmissionCancelled;
import health.isthmus.events.hl7.DischargeCancelled;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.events.hl7.PatientClassChanged;
import health.isthmus.events.hl7.PatientDischarged;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientPreAdmitted;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientTransferred;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.events.hl7.PersonAdded;
import health.isthmus.events.hl7.PersonUpdated;
import health.isthmus.events.hl7.TransferCancelled;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.translation.MessageTranslator;
import health.isthmus.hl7ingest.translation.PidReader;
import health.isthmus.hl7ingest.translation.Translation;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;

/**
 * Reads ADT messages into patient events: the patient and visit triggers A01 to A13, A28 and A31 (whatever
 * their structure, PID is read), A40 merge (PID-3 survives, MRG-1 is retired) and A47 identifier change
 * (MRG-1 is replaced by PID-3).
 */
@Component
public class AdtTranslator implements MessageTranslator {

    private static final Map<String, BiFunction<Hl7Origin, PatientDemographics, IsthmusEvent>> PATIENT_TRIGGERS =
            Map.ofEntries(
                    Map.entry("A01", PatientAdmitted::new),
                    Map.entry("A02", PatientTransferred::new),
                    Map.entry("A03", PatientDischarged::new),
                    Map.entry("A04", PatientRegistered::new),
                    Map.entry("A05", PatientPreAdmitted::new),
                    Map.entry("A06", PatientClassChanged::new),
                    Map.entry("A07", PatientClassChanged::new),
                    Map.entry("A08", PatientUpdated::new),
                    Map.entry("A11", AdmissionCancelled::new),
                    Map.entry("A12", TransferCancelled::new),
                    Map.entry("A13", DischargeCancelled::new),
                    Map.entry("A28", PersonAdded::new),
                    Map.entry("A31", PersonUpdated::new));

    @Override
    public boolean handles(String messageType, String trigger) {
        return "ADT".equals(messageType)
                && (PATIENT_TRIGGERS.containsKey(trigger) || "A40".equals(trigger) || "A47".equals(trigger));
    }

    @Override
    public Translation translate(Message message, RawHeader header, String trigger) throws HL7Exception {
        Terser terser = new Terser(message);
        PidReader.Result patient = PidReader.read(PidReader.pidOf(message));
        if (patient.problem() != null) {
            return new Translation.Invalid(patient.problem());
        }
        PatientDemographics demographics = patient.demographics();
        if ("A40".equals(trigger)) {
            List<PatientIdentifier> retired =
                    PidReader.identifiers(((MRG) terser.getSegment("/.MRG")).getPriorPatientIdentifierList());
            if (retired.isEmpty()) {
                return new Translation.Invalid(Hl7Problem.requiredFieldMissing(
                        "MRG", 1, "MRG-1 (prior patient identifier list) names no identifier to merge"));
            }
            return Translation.of(
                    header,
                    trigger,
                    demographics.primaryIdentifier().qualified(),
                    origin -> new PatientsMerged(origin, demographics, retired));
        }
        if ("A47".equals(trigger)) {
            List<PatientIdentifier> previous =
                    PidReader.identifiers(((MRG) terser.getSegment("/.MRG")).getPriorPatientIdentifierList());
            if (previous.isEmpty()) {
                return new Translation.Invalid(Hl7Problem.requiredFieldMissing(
                        "MRG", 1, "MRG-1 (prior patient identifier list) names no identifier to change"));
            }
            return Translation.of(
                    header,
                    trigger,
                    demographics.primaryIdentifier().qualified(),
                    origin -> new PatientIdentifierChanged(origin, demographics, previous.getFirst()));
        }
        var factory = PATIENT_TRIGGERS.get(trigger);
        return Translation.of(
                header,
                trigger,
                demographics.primaryIdentifier().qualified(),
                origin -> factory.apply(origin, demographics));
    }
}
