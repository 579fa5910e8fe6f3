package health.isthmus.worklist.mwl;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DicomDates;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads worklist items from {@code scheduled_procedure_step}, each as the complete data set MWL matches on. */
@Component
public class WorklistItems {

    private static final String COLUMNS =
            "id, accession_number, requested_procedure_id, requested_procedure_description,"
                    + " requested_procedure_codes, scheduled_procedure_step_id, scheduled_procedure_step_description,"
                    + " scheduled_protocol_codes, modality, scheduled_station_ae_title, scheduled_station_name,"
                    + " scheduled_location, scheduled_start_date, scheduled_start_time, performing_physician,"
                    + " requesting_physician, referring_physician, priority, reason, patient_id, issuer_of_patient_id,"
                    + " patient_name, patient_birth_date, patient_sex, study_instance_uid, status,"
                    + " placer_order_number, filler_order_number, site, euid, other_patient_ids::text as other_ids";

    private static final int FETCH_SIZE = 250;

    /** The Issuer of Patient ID of the enterprise identity in Other Patient IDs Sequence, as FHIR names its system. */
    static final String EUID_ISSUER = "urn:isthmus:euid";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;

    public WorklistItems(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.json = json;
    }

    /** One scheduled step as MWL serves it: its id, its patient, and its data set. */
    public record Item(long stepId, String patientId, String issuerOfPatientId, Attributes attributes) {}

    /**
     * Streams the candidates of a prefilter, ordered by scheduled start, to the consumer until it answers false.
     * Rows are fetched in batches (a cursor), so a consumer that stops early reads little.
     */
    public void forEach(WorklistPrefilter filter, Predicate<Item> consumer) {
        String sql = "select " + COLUMNS + " from scheduled_procedure_step where " + filter.where()
                + " order by scheduled_start_date, scheduled_start_time, id";
        readOnly.executeWithoutResult(status -> jdbc.query(
                connection -> {
                    var statement = connection.prepareStatement(sql);
                    statement.setFetchSize(FETCH_SIZE);
                    List<Object> parameters = filter.parameters();
                    for (int i = 0; i < parameters.size(); i++) {
                        Object parameter = parameters.get(i);
                        if (parameter instanceof LocalDate day) {
                            statement.setObject(i + 1, day);
                        } else {
                            statement.setString(i + 1, parameter.toString());
                        }
                    }
                    return statement;
                },
                (ResultSet rows) -> {
                    while (rows.next()) {
                        if (!consumer.test(item(rows))) {
                            return null; // the cursor closes with the transaction
                        }
                    }
                    return null;
                }));
    }

    private Item item(ResultSet row) throws SQLException {
        Attributes a = new Attributes(32);
        set(a, Tag.AccessionNumber, VR.SH, row.getString("accession_number"));
        set(a, Tag.ReferringPhysicianName, VR.PN, row.getString("referring_physician"));
        a.newSequence(Tag.ReferencedStudySequence, 0);
        a.newSequence(Tag.ReferencedPatientSequence, 0);
        set(a, Tag.PatientName, VR.PN, row.getString("patient_name"));
        String patientId = row.getString("patient_id");
        String issuer = row.getString("issuer_of_patient_id");
        set(a, Tag.PatientID, VR.LO, patientId);
        set(a, Tag.IssuerOfPatientID, VR.LO, issuer);
        otherPatientIds(a, row.getString("other_ids"), row.getString("euid"));
        Sequence accessionIssuer = a.newSequence(Tag.IssuerOfAccessionNumberSequence, 1);
        set(accessionIssuer.addItem(), Tag.LocalNamespaceEntityID, VR.UT, row.getString("site"));
        Date birth = row.getDate("patient_birth_date");
        set(a, Tag.PatientBirthDate, VR.DA, birth == null ? null : DicomDates.formatDate(birth.toLocalDate()));
        set(a, Tag.PatientSex, VR.CS, row.getString("patient_sex"));
        set(a, Tag.StudyInstanceUID, VR.UI, row.getString("study_instance_uid"));
        set(a, Tag.RequestingPhysician, VR.PN, row.getString("requesting_physician"));
        set(a, Tag.RequestedProcedureDescription, VR.LO, row.getString("requested_procedure_description"));
        codes(a, Tag.RequestedProcedureCodeSequence, row.getString("requested_procedure_codes"));
        set(a, Tag.RequestedProcedureID, VR.SH, row.getString("requested_procedure_id"));
        set(a, Tag.ReasonForTheRequestedProcedure, VR.LO, row.getString("reason"));
        set(a, Tag.RequestedProcedurePriority, VR.SH, priority(row.getString("priority")));
        set(a, Tag.PlacerOrderNumberImagingServiceRequest, VR.LO, row.getString("placer_order_number"));
        set(a, Tag.FillerOrderNumberImagingServiceRequest, VR.LO, row.getString("filler_order_number"));

        Attributes step = new Attributes(16);
        set(step, Tag.Modality, VR.CS, row.getString("modality"));
        set(step, Tag.ScheduledStationAETitle, VR.AE, row.getString("scheduled_station_ae_title"));
        Date day = row.getDate("scheduled_start_date");
        set(
                step,
                Tag.ScheduledProcedureStepStartDate,
                VR.DA,
                day == null ? null : DicomDates.formatDate(day.toLocalDate()));
        Time time = row.getTime("scheduled_start_time");
        set(
                step,
                Tag.ScheduledProcedureStepStartTime,
                VR.TM,
                time == null ? null : DicomDates.formatTime(time.toLocalTime()));
        set(step, Tag.ScheduledPerformingPhysicianName, VR.PN, row.getString("performing_physician"));
        set(step, Tag.ScheduledProcedureStepDescription, VR.LO, row.getString("scheduled_procedure_step_description"));
        codes(step, Tag.ScheduledProtocolCodeSequence, row.getString("scheduled_protocol_codes"));
        set(step, Tag.ScheduledProcedureStepID, VR.SH, row.getString("scheduled_procedure_step_id"));
        set(step, Tag.ScheduledStationName, VR.SH, row.getString("scheduled_station_name"));
        set(step, Tag.ScheduledProcedureStepLocation, VR.SH, row.getString("scheduled_location"));
        set(step, Tag.ScheduledProcedureStepStatus, VR.CS, stepStatus(row.getString("status")));
        a.newSequence(Tag.ScheduledProcedureStepSequence, 1).add(step);
        return new Item(row.getLong("id"), patientId, issuer, a);
    }

    /**
     * Other Patient IDs Sequence (0010,1002): the identity's other identifiers (other issuers' records the MPI linked,
     * as the worklist last heard of them), then the enterprise identity itself with issuer {@value #EUID_ISSUER}.
     */
    private void otherPatientIds(Attributes item, @Nullable String others, @Nullable String euid) {
        Sequence sequence = item.newSequence(Tag.OtherPatientIDsSequence, 2);
        if (others != null) {
            for (JsonNode other : json.readTree(others)) {
                Attributes id = sequence.addItem();
                set(id, Tag.PatientID, VR.LO, other.path("value").asString(null));
                set(
                        id,
                        Tag.IssuerOfPatientID,
                        VR.LO,
                        other.path("assigningAuthority").asString(null));
                id.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
            }
        }
        if (euid != null) {
            Attributes id = sequence.addItem();
            id.setString(Tag.PatientID, VR.LO, euid);
            id.setString(Tag.IssuerOfPatientID, VR.LO, EUID_ISSUER);
            id.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
        }
    }

    /** Present, with the value when known and empty otherwise: presence tells the matcher the key is supported. */
    private static void set(Attributes attributes, int tag, VR vr, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            attributes.setNull(tag, vr);
        } else {
            attributes.setString(tag, vr, value);
        }
    }

    private void codes(Attributes attributes, int tag, @Nullable String codes) {
        Sequence sequence = attributes.newSequence(tag, 1);
        if (codes == null) {
            return;
        }
        for (JsonNode code : json.readTree(codes)) {
            Attributes item = sequence.addItem();
            set(item, Tag.CodeValue, VR.SH, text(code, "code"));
            set(item, Tag.CodingSchemeDesignator, VR.SH, text(code, "scheme"));
            set(item, Tag.CodeMeaning, VR.LO, text(code, "meaning"));
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** HL7 priority (table 0027) as DICOM Requested Procedure Priority (STAT, HIGH, ROUTINE, MEDIUM, LOW). */
    static @Nullable String priority(@Nullable String hl7) {
        if (hl7 == null || hl7.isEmpty()) {
            return null;
        }
        return switch (hl7) {
            case "S" -> "STAT";
            case "A", "T" -> "HIGH";
            default -> "ROUTINE";
        };
    }

    /** The step's status in the defined terms of (0040,0020). */
    static String stepStatus(String status) {
        return switch (status) {
            case "IN_PROGRESS" -> "STARTED";
            case "COMPLETED" -> "COMPLETED";
            case "DISCONTINUED" -> "DISCONTINUED";
            default -> "SCHEDULED";
        };
    }
}
