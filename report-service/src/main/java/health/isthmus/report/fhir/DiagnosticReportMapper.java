package health.isthmus.report.fhir;

import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.report.lifecycle.domain.Report;
import health.isthmus.report.order.OrderBook;
import health.isthmus.report.order.ReportOrder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * A report as FHIR R4 DiagnosticReport: its accession number as identifier of type ACSN, category RAD, code LOINC
 * 18748-4 (with the ordered procedure's code when known), the patient by identifier (and EUID), based on the
 * worklist's ServiceRequest, the study as an ImagingStudy reference by Study Instance UID, the signer as results
 * interpreter and the text as presentedForm (text/plain, UTF-8). Statuses: draft is {@code registered}, the others
 * keep their names.
 */
@Component
public class DiagnosticReportMapper {

    static final String IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String EUID_SYSTEM = "urn:isthmus:euid";

    private final OrderBook orders;
    private final IdentifierSystemProperties systems;

    public DiagnosticReportMapper(OrderBook orders, IdentifierSystemProperties systems) {
        this.orders = orders;
        this.systems = systems;
    }

    public DiagnosticReport toFhir(Report report) {
        Optional<ReportOrder> order =
                report.site() == null ? Optional.empty() : orders.find(report.site(), report.accessionNumber());
        DiagnosticReport fhir = new DiagnosticReport();
        fhir.setId(String.valueOf(report.id()));
        fhir.getMeta().setVersionId(String.valueOf(report.version()));
        fhir.getMeta().setLastUpdated(Date.from(report.updatedAt()));
        fhir.addIdentifier(new Identifier()
                .setType(new CodeableConcept().addCoding(new Coding(IDENTIFIER_TYPES, "ACSN", "Accession ID")))
                .setValue(report.accessionNumber()));
        fhir.setStatus(status(report));
        fhir.addCategory(new CodeableConcept()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology")));
        CodeableConcept code =
                new CodeableConcept().addCoding(new Coding("http://loinc.org", "18748-4", "Diagnostic imaging study"));
        CodedValue procedure = order.map(ReportOrder::procedure).orElse(null);
        if (procedure != null) {
            code.addCoding(new Coding(procedure.codingSystem(), procedure.code(), procedure.text()));
            code.setText(procedure.text());
        }
        fhir.setCode(code);
        PatientIdentifier patient = report.patient();
        if (patient != null) {
            fhir.setSubject(new Reference()
                    .setType("Patient")
                    .setIdentifier(new Identifier()
                            .setSystem(systems.systemOf(patient.assigningAuthority()))
                            .setValue(patient.value())));
        } else if (report.euid() != null) {
            fhir.setSubject(new Reference()
                    .setType("Patient")
                    .setIdentifier(new Identifier()
                            .setSystem(EUID_SYSTEM)
                            .setValue(report.euid().toString())));
        }
        Long stepId = order.map(ReportOrder::stepId).orElse(null);
        Reference basedOn = new Reference()
                .setType("ServiceRequest")
                .setIdentifier(new Identifier()
                        .setType(new CodeableConcept().addCoding(new Coding(IDENTIFIER_TYPES, "ACSN", "Accession ID")))
                        .setValue(report.accessionNumber()));
        if (stepId != null) {
            basedOn.setReference("ServiceRequest/" + stepId);
        }
        fhir.addBasedOn(basedOn);
        if (report.studyInstanceUid() != null) {
            fhir.addImagingStudy(new Reference()
                    .setType("ImagingStudy")
                    .setIdentifier(new Identifier()
                            .setSystem("urn:dicom:uid")
                            .setValue("urn:oid:" + report.studyInstanceUid())));
        }
        fhir.setEffective(
                new DateTimeType(Date.from(report.signedAt() != null ? report.signedAt() : report.createdAt())));
        fhir.setIssued(Date.from(report.signedAt() != null ? report.signedAt() : report.updatedAt()));
        if (report.signer() != null) {
            fhir.addResultsInterpreter(new Reference().setDisplay(report.signer()));
        }
        fhir.addPerformer(new Reference().setDisplay(report.author()));
        fhir.addPresentedForm(new Attachment()
                .setContentType("text/plain; charset=utf-8")
                .setTitle("Report")
                .setData(report.text().getBytes(StandardCharsets.UTF_8)));
        return fhir;
    }

    static DiagnosticReportStatus status(Report report) {
        return switch (report.status()) {
            case DRAFT -> DiagnosticReportStatus.REGISTERED;
            case PRELIMINARY -> DiagnosticReportStatus.PRELIMINARY;
            case FINAL -> DiagnosticReportStatus.FINAL;
            case AMENDED -> DiagnosticReportStatus.AMENDED;
            case CORRECTED -> DiagnosticReportStatus.CORRECTED;
            case CANCELLED -> DiagnosticReportStatus.CANCELLED;
        };
    }

    /** The report status of a FHIR status code, for searches. */
    static Optional<String> reportStatus(String fhirStatus) {
        return switch (fhirStatus) {
            case "registered" -> Optional.of("draft");
            case "preliminary", "final", "amended", "corrected", "cancelled" -> Optional.of(fhirStatus);
            default -> Optional.empty();
        };
    }
}
