package health.isthmus.report.delivery;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.report.order.ReportOrder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Writes a signed report as an HL7 2.5.1 ORU^R01 with HAPI: MSH (configured sender, the order's site as receiving
 * facility, UTF-8), PID (the order's patient), ORC (RE, placer and filler order numbers), OBR (placer and filler order
 * numbers, the ordered procedure, the accession number in OBR-18 as IHE Radiology's Scheduled Workflow places it,
 * results time OBR-22, section RAD, result status OBR-25, the signer in OBR-32) and one OBX of type TX per line of
 * text, its status F or C like OBR-25.
 */
@Component
class OruMessages {

    /** OBX-3 of the report text: LOINC's narrative radiology study observation. */
    static final CodedValue REPORT_TEXT = new CodedValue("18782-3", "Radiology Study observation", "LN");

    private static final DateTimeFormatter DTM =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final HapiContext context = Hl7Parsing.newContext();
    private final DeliveryProperties properties;

    OruMessages(DeliveryProperties properties) {
        this.properties = properties;
    }

    /** A new MSH-10: time-ordered, unique across restarts, at most 20 characters. */
    String newControlId() {
        try {
            return context.getParserConfiguration().getIdGenerator().getID();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The ORU^R01, pipe-encoded with carriage returns between segments. */
    String build(OruContent content) {
        ReportOrder order = content.order();
        try {
            ORU_R01 oru = new ORU_R01();
            Terser t = new Terser(oru);
            t.set("MSH-1", "|");
            t.set("MSH-2", "^~\\&");
            t.set("MSH-3-1", properties.sendingApplication());
            t.set("MSH-4-1", properties.sendingFacility());
            t.set("MSH-5-1", properties.receivingApplication());
            t.set("MSH-6-1", order.site());
            t.set("MSH-7", DTM.format(content.createdAt()));
            t.set("MSH-9-1", "ORU");
            t.set("MSH-9-2", "R01");
            t.set("MSH-9-3", "ORU_R01");
            t.set("MSH-10", content.controlId());
            t.set("MSH-11", "P");
            t.set("MSH-12", Hl7Parsing.CANONICAL_VERSION);
            t.set("MSH-18", "UNICODE UTF-8");

            String pid = "/PATIENT_RESULT/PATIENT/PID";
            PatientIdentifier patient = order.patient();
            t.set(pid + "-1", "1");
            t.set(pid + "-3-1", patient.value());
            t.set(pid + "-3-4-1", patient.assigningAuthority());
            t.set(pid + "-3-5", patient.typeCode() == null ? "MR" : patient.typeCode());
            setIfPresent(t, pid + "-5-1-1", order.familyName());
            List<String> given = order.givenNames();
            if (!given.isEmpty()) {
                t.set(pid + "-5-2", given.getFirst());
                if (given.size() > 1) {
                    t.set(pid + "-5-3", String.join(" ", given.subList(1, given.size())));
                }
            }
            if (order.birthDate() != null) {
                t.set(pid + "-7-1", DATE.format(order.birthDate()));
            }
            setIfPresent(t, pid + "-8", order.sex());

            String orc = "/PATIENT_RESULT/ORDER_OBSERVATION/ORC";
            t.set(orc + "-1", "RE");
            setIfPresent(t, orc + "-2-1", order.placerOrderNumber());
            setIfPresent(t, orc + "-3-1", order.fillerOrderNumber());
            t.set(orc + "-5", "CM");

            String obr = "/PATIENT_RESULT/ORDER_OBSERVATION/OBR";
            t.set(obr + "-1", "1");
            setIfPresent(t, obr + "-2-1", order.placerOrderNumber());
            setIfPresent(t, obr + "-3-1", order.fillerOrderNumber());
            CodedValue procedure = order.procedure();
            if (procedure != null) {
                t.set(obr + "-4-1", procedure.code());
                setIfPresent(t, obr + "-4-2", procedure.text());
                setIfPresent(t, obr + "-4-3", procedure.codingSystem());
            } else {
                t.set(obr + "-4-1", order.accessionNumber());
            }
            t.set(obr + "-18", order.accessionNumber());
            Instant resultsAt = content.signedAt() != null ? content.signedAt() : content.createdAt();
            t.set(obr + "-22-1", DTM.format(resultsAt));
            t.set(obr + "-24", "RAD");
            t.set(obr + "-25", content.resultStatus());
            setIfPresent(t, obr + "-32-1-1", content.signer());

            String[] lines = content.text().split("\r\n|\r|\n", -1);
            int count = lines.length;
            while (count > 1 && lines[count - 1].isBlank()) {
                count--;
            }
            for (int i = 0; i < count; i++) {
                String obx = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
                t.set(obx + "-1", String.valueOf(i + 1));
                t.set(obx + "-2", "TX");
                t.set(obx + "-3-1", REPORT_TEXT.code());
                t.set(obx + "-3-2", REPORT_TEXT.text());
                t.set(obx + "-3-3", REPORT_TEXT.codingSystem());
                t.set(obx + "-5", lines[i]);
                t.set(obx + "-11", content.resultStatus());
                t.set(obx + "-14-1", DTM.format(resultsAt));
            }
            return context.getPipeParser().encode(oru);
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot write the ORU^R01 of report " + content.reportId(), e);
        }
    }

    private static void setIfPresent(Terser terser, String path, @Nullable String value) throws HL7Exception {
        if (value != null && !value.isBlank()) {
            terser.set(path, value);
        }
    }
}
