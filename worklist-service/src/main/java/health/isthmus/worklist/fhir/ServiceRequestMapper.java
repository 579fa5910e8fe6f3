package health.isthmus.worklist.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import health.isthmus.events.common.PersonName;
import health.isthmus.worklist.scheduling.domain.PersonNames;
import health.isthmus.worklist.scheduling.domain.ProcedureCode;
import health.isthmus.worklist.scheduling.domain.Step;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A step as a FHIR ServiceRequest. Status: SCHEDULED and IN_PROGRESS are {@code active} ({@code on-hold} while the
 * placer holds the order), COMPLETED {@code completed}, DISCONTINUED and CANCELLED {@code revoked}. Priority: HL7 S
 * {@code stat}, A {@code asap}, T and P {@code urgent}, others {@code routine}. The accession number is an
 * identifier of type ACSN, the placer and filler order numbers of types PLAC and FILL, the Study Instance UID an
 * identifier of system {@code urn:dicom:uid}; the patient is referred to by Patient ID (system: the assigning
 * authority's) and the modality is the category (DICOM code).
 */
@Component
public class ServiceRequestMapper {

    static final String IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String DICOM_CODES = "http://dicom.nema.org/resources/ontology/DCM";

    private final IdentifierSystemProperties systems;

    public ServiceRequestMapper(IdentifierSystemProperties systems) {
        this.systems = systems;
    }

    public ServiceRequest toFhir(Step step) {
        var procedure = step.procedure();
        var patient = step.patient();
        ServiceRequest request = new ServiceRequest();
        request.setId(String.valueOf(step.id()));
        request.getMeta().setVersionId(String.valueOf(step.version())).setLastUpdated(Date.from(step.updatedAt()));
        request.addIdentifier(typed("ACSN", "Accession ID", step.accessionNumber()));
        if (procedure.placerOrderNumber() != null) {
            request.addIdentifier(typed("PLAC", "Placer Identifier", procedure.placerOrderNumber()));
        }
        if (procedure.fillerOrderNumber() != null) {
            request.addIdentifier(typed("FILL", "Filler Identifier", procedure.fillerOrderNumber()));
        }
        request.addIdentifier(
                new Identifier().setSystem("urn:dicom:uid").setValue("urn:oid:" + procedure.studyInstanceUid()));
        request.setStatus(status(step));
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        if (procedure.modality() != null) {
            request.addCategory(new CodeableConcept().addCoding(new Coding(DICOM_CODES, procedure.modality(), null)));
        }
        request.setPriority(priority(procedure.priority()));
        CodeableConcept code = new CodeableConcept();
        for (ProcedureCode c : procedure.requestedProcedureCodes()) {
            code.addCoding(new Coding(c.scheme(), c.code(), c.meaning()));
        }
        if (procedure.requestedProcedureDescription() != null) {
            code.setText(procedure.requestedProcedureDescription());
        }
        if (!code.isEmpty()) {
            request.setCode(code);
        }
        request.setSubject(new Reference()
                .setIdentifier(new Identifier()
                        .setSystem(systems.systemOf(patient.issuer()))
                        .setValue(patient.patientId()))
                .setDisplay(readable(patient.name())));
        if (procedure.start() != null) {
            request.setOccurrence(new DateTimeType(
                    Date.from(procedure.start().instant()),
                    procedure.start().time() == null ? TemporalPrecisionEnum.DAY : TemporalPrecisionEnum.SECOND));
        }
        request.setAuthoredOn(Date.from(step.createdAt()));
        if (procedure.requestingPhysician() != null) {
            request.setRequester(new Reference().setDisplay(readable(procedure.requestingPhysician())));
        }
        if (procedure.reason() != null) {
            request.addReasonCode(new CodeableConcept().setText(procedure.reason()));
        }
        return request;
    }

    static ServiceRequestStatus status(Step step) {
        return switch (step.status()) {
            case SCHEDULED, IN_PROGRESS -> step.onHold() ? ServiceRequestStatus.ONHOLD : ServiceRequestStatus.ACTIVE;
            case COMPLETED -> ServiceRequestStatus.COMPLETED;
            case DISCONTINUED, CANCELLED -> ServiceRequestStatus.REVOKED;
        };
    }

    private static ServiceRequestPriority priority(@Nullable String hl7) {
        if (hl7 == null) {
            return ServiceRequestPriority.ROUTINE;
        }
        return switch (hl7) {
            case "S" -> ServiceRequestPriority.STAT;
            case "A" -> ServiceRequestPriority.ASAP;
            case "T", "P" -> ServiceRequestPriority.URGENT;
            default -> ServiceRequestPriority.ROUTINE;
        };
    }

    private static Identifier typed(String type, String display, String value) {
        return new Identifier()
                .setType(new CodeableConcept().addCoding(new Coding(IDENTIFIER_TYPES, type, display)))
                .setValue(value);
    }

    // "GIVEN MIDDLE FAMILY" of a PN value
    private static @Nullable String readable(@Nullable String pn) {
        PersonName name = PersonNames.fromDicom(pn);
        if (name == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (name.prefix() != null) {
            parts.add(name.prefix());
        }
        parts.addAll(name.given());
        if (name.family() != null) {
            parts.add(name.family());
        }
        if (name.suffix() != null) {
            parts.add(name.suffix());
        }
        return String.join(" ", parts);
    }
}
