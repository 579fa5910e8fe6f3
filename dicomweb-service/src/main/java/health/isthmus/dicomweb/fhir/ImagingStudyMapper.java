package health.isthmus.dicomweb.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import health.isthmus.dicom.data.PersonName;
import health.isthmus.dicomweb.fhir.ImagingStudyIndex.InstanceRow;
import health.isthmus.dicomweb.fhir.ImagingStudyIndex.SeriesRow;
import health.isthmus.dicomweb.fhir.ImagingStudyIndex.Study;
import health.isthmus.dicomweb.fhir.ImagingStudyIndex.StudyRow;
import health.isthmus.events.archive.ArchivedStudy;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesComponent;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudyStatus;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A study of the index as a FHIR ImagingStudy. Its id is the Study Instance UID itself (a valid FHIR id: digits and
 * dots, at most 64), stable across re-filing, deletion and storing again. FILED studies are {@code available}, HELD
 * ones (shown to admins only) {@code unknown}: whose images they are is not settled. The subject is the patient the
 * study is filed under now, referred to by identifier (system: the assigning authority's) with the name as display;
 * identifiers are the Study Instance UID ({@code urn:dicom:uid}) and the accession number (type ACSN); the endpoint
 * is a contained DICOMweb (WADO-RS) Endpoint whose address is this archive's {@code /dicomweb} as the client reaches
 * it.
 */
@Component
class ImagingStudyMapper {

    static final String DICOM_CODES = "http://dicom.nema.org/resources/ontology/DCM";
    static final String IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String DICOM_UID = "urn:dicom:uid";
    static final String URI = "urn:ietf:rfc:3986";
    static final String CONNECTION_TYPES = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";

    private final FhirProperties properties;

    ImagingStudyMapper(FhirProperties properties) {
        this.properties = properties;
    }

    /**
     * The resource of a study.
     *
     * @param base the archive's URL as the client reaches it, {@code scheme://host[:port][prefix]}
     */
    ImagingStudy toFhir(Study study, String base) {
        StudyRow row = study.row();
        ArchivedStudy archived = row.study();
        ImagingStudy resource = new ImagingStudy();
        resource.setId(archived.studyInstanceUid());
        resource.getMeta().setLastUpdated(Date.from(row.updatedAt()));
        resource.setStatus(row.held() ? ImagingStudyStatus.UNKNOWN : ImagingStudyStatus.AVAILABLE);
        resource.addIdentifier(
                new Identifier().setSystem(DICOM_UID).setValue("urn:oid:" + archived.studyInstanceUid()));
        if (archived.accessionNumber() != null) {
            resource.addIdentifier(new Identifier()
                    .setType(new CodeableConcept().addCoding(new Coding(IDENTIFIER_TYPES, "ACSN", "Accession ID")))
                    .setValue(archived.accessionNumber()));
        }
        for (String modality : archived.modalities()) {
            resource.addModality(new Coding(DICOM_CODES, modality, null));
        }
        Reference subject = new Reference().setType("Patient").setDisplay(readable(row.patientName()));
        if (archived.patient() != null) {
            String issuer = archived.patient().assigningAuthority();
            Identifier identifier = new Identifier().setValue(archived.patient().value());
            if (!issuer.isEmpty()) {
                identifier.setSystem(properties.systemOf(issuer));
            }
            subject.setIdentifier(identifier);
        }
        resource.setSubject(subject);
        DateTimeType started = started(row.studyDate(), row.studyTime());
        if (started != null) {
            resource.setStartedElement(started);
        }
        if (row.referringPhysician() != null) {
            resource.setReferrer(new Reference().setDisplay(readable(row.referringPhysician())));
        }
        resource.setDescription(row.description());
        resource.setNumberOfSeries(archived.numberOfSeries());
        resource.setNumberOfInstances(archived.numberOfInstances());

        Endpoint endpoint = new Endpoint()
                .setStatus(Endpoint.EndpointStatus.ACTIVE)
                .setConnectionType(new Coding(CONNECTION_TYPES, "dicom-wado-rs", "DICOM WADO-RS"))
                .addPayloadType(new CodeableConcept().setText("DICOM"))
                .addPayloadMimeType("application/dicom")
                .setAddress(base + "/dicomweb");
        endpoint.setId("dicomweb");
        resource.addContained(endpoint);
        resource.addEndpoint(new Reference("#dicomweb"));

        for (SeriesRow series : study.series()) {
            ImagingStudySeriesComponent component = resource.addSeries().setUid(series.uid());
            if (series.number() != null) {
                component.setNumber(series.number());
            }
            if (series.modality() != null) {
                component.setModality(new Coding(DICOM_CODES, series.modality(), null));
            }
            component.setDescription(series.description());
            component.setNumberOfInstances(series.numberOfInstances());
            for (InstanceRow instance : series.instances()) {
                var entry = component
                        .addInstance()
                        .setUid(instance.uid())
                        .setSopClass(new Coding(URI, "urn:oid:" + instance.sopClassUid(), null));
                if (instance.number() != null) {
                    entry.setNumber(instance.number());
                }
            }
        }
        return resource;
    }

    /** Study Date and Time in the archive's zone; the date alone when the time is missing or unreadable. */
    @Nullable
    DateTimeType started(@Nullable String date, @Nullable String time) {
        if (date == null) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.strip(), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
        LocalTime at = time == null ? null : time(time.strip());
        if (at == null) {
            return new DateTimeType(day.toString());
        }
        ZonedDateTime moment = ZonedDateTime.of(day, at, properties.zone());
        return new DateTimeType(
                Date.from(moment.toInstant()), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(properties.zone()));
    }

    // TM: HH[MM[SS[.F{1,6}]]]; fractions dropped
    private static @Nullable LocalTime time(String tm) {
        String digits = tm.contains(".") ? tm.substring(0, tm.indexOf('.')) : tm;
        if (!digits.matches("[0-9]{2}([0-9]{2}([0-9]{2})?)?")) {
            return null;
        }
        int hour = Integer.parseInt(digits.substring(0, 2));
        int minute = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
        int second = digits.length() == 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        return LocalTime.of(hour, minute, second);
    }

    /** "GIVEN MIDDLE FAMILY" of a PN value (its alphabetic group, else the ideographic one). */
    static @Nullable String readable(@Nullable String pn) {
        if (pn == null || pn.isBlank()) {
            return null;
        }
        PersonName name = PersonName.parse(pn);
        PersonName.ComponentGroup group = name.alphabetic().isEmpty() ? name.ideographic() : name.alphabetic();
        List<String> parts = new ArrayList<>();
        for (String part : List.of(group.prefix(), group.given(), group.middle(), group.family(), group.suffix())) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }
}
