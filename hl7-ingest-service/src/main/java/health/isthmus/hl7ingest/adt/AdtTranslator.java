package health.isthmus.hl7ingest.adt;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.events.hl7.PatientsMerged;
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
 * Reads ADT messages into patient events: A01 admit, A04 register and A08 update (ADT_A01 structure) and
 * A40 merge (ADT_A39 structure, PID-3 survives, MRG-1 is retired).
 */
@Component
public class AdtTranslator implements MessageTranslator {

    private static final Map<String, BiFunction<Hl7Origin, PatientDemographics, IsthmusEvent>> PATIENT_TRIGGERS =
            Map.of(
                    "A01", PatientAdmitted::new,
                    "A04", PatientRegistered::new,
                    "A08", PatientUpdated::new);

    @Override
    public boolean handles(String messageType, String trigger) {
        return "ADT".equals(messageType) && (PATIENT_TRIGGERS.containsKey(trigger) || "A40".equals(trigger));
    }

    @Override
    public Translation translate(Message message, RawHeader header, String trigger) throws HL7Exception {
        Terser terser = new Terser(message);
        PidReader.Result patient = PidReader.read((PID) terser.getSegment("/.PID"));
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
            return Translation.of(header, trigger, origin -> new PatientsMerged(origin, demographics, retired));
        }
        var factory = PATIENT_TRIGGERS.get(trigger);
        return Translation.of(header, trigger, origin -> factory.apply(origin, demographics));
    }
}
