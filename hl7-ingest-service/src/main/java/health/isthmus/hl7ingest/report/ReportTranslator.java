package health.isthmus.hl7ingest.report;

import static health.isthmus.hl7ingest.translation.PidReader.text;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.ReportObservation;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.translation.MessageTranslator;
import health.isthmus.hl7ingest.translation.PidReader;
import health.isthmus.hl7ingest.translation.Translation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads ORU^R01 from an external reporting system (the first order observation group) into a report
 * event: the order it answers (OBR-2, OBR-3, OBR-18), the result status (OBR-25) and the OBX lines.
 */
@Component
public class ReportTranslator implements MessageTranslator {

    @Override
    public boolean handles(String messageType, String trigger) {
        return "ORU".equals(messageType) && "R01".equals(trigger);
    }

    @Override
    public Translation translate(Message message, RawHeader header, String trigger) throws HL7Exception {
        if (!(message instanceof ORU_R01 oru)) {
            return new Translation.Unsupported(
                    Hl7Problem.unsupportedMessageType("ORU^R01 needs the ORU_R01 structure"));
        }
        var patientResult = oru.getPATIENT_RESULT();
        PidReader.Result patient = PidReader.read(patientResult.getPATIENT().getPID());
        if (patient.problem() != null) {
            return new Translation.Invalid(patient.problem());
        }
        ORU_R01_ORDER_OBSERVATION order = patientResult.getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        String placer = text(obr.getPlacerOrderNumber().getEntityIdentifier().getValue());
        if (placer == null) {
            return new Translation.Invalid(
                    Hl7Problem.requiredFieldMissing("OBR", 2, "OBR-2 (placer order number) is empty"));
        }
        List<ReportObservation> observations = new ArrayList<>();
        for (int i = 0; i < order.getOBSERVATIONReps(); i++) {
            OBX obx = order.getOBSERVATION(i).getOBX();
            observations.add(new ReportObservation(
                    text(obx.getSetIDOBX().getValue()),
                    text(obx.getValueType().getValue()),
                    coded(obx.getObservationIdentifier()),
                    value(obx.getObservationValue()),
                    text(obx.getObservationResultStatus().getValue())));
        }
        if (observations.isEmpty()) {
            return new Translation.Invalid(
                    Hl7Problem.requiredFieldMissing("OBX", 5, "the report has no OBX observation"));
        }
        PatientDemographics demographics = patient.demographics();
        String filler = text(obr.getFillerOrderNumber().getEntityIdentifier().getValue());
        String accession = text(obr.getPlacerField1().getValue());
        CodedValue procedure = coded(obr.getUniversalServiceIdentifier());
        String status = text(obr.getResultStatus().getValue());
        String observedAt = text(obr.getObservationDateTime().getTime().getValue());
        String reportedAt = text(obr.getResultsRptStatusChngDateTime().getTime().getValue());
        return Translation.of(
                header,
                trigger,
                demographics.primaryIdentifier().qualified(),
                origin -> new ExternalReportReceived(
                        origin,
                        demographics,
                        placer,
                        filler,
                        accession,
                        procedure,
                        status,
                        observedAt,
                        reportedAt,
                        observations));
    }

    private static @Nullable CodedValue coded(CE ce) {
        String code = text(ce.getIdentifier().getValue());
        return code == null
                ? null
                : new CodedValue(
                        code,
                        text(ce.getText().getValue()),
                        text(ce.getNameOfCodingSystem().getValue()));
    }

    private static String value(Varies[] repetitions) throws HL7Exception {
        List<String> lines = new ArrayList<>();
        for (Varies repetition : repetitions) {
            Type data = repetition.getData();
            String line = data instanceof Primitive primitive ? primitive.getValue() : data.encode();
            if (line != null) {
                lines.add(line);
            }
        }
        return String.join("\n", lines);
    }
}
