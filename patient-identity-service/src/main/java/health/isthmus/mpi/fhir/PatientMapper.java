package health.isthmus.mpi.fhir;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.mpi.registry.PatientRecord;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Turns a source record into a FHIR R4 Patient that also carries its enterprise identifier. */
@Component
public class PatientMapper {

    private static final String IDENTIFIER_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private final IdentifierSystems systems;

    public PatientMapper(IdentifierSystems systems) {
        this.systems = systems;
    }

    /**
     * The Patient resource of a record, with its links: {@code replaced-by} the survivor when the record was merged
     * (and then not active), {@code replaces} each record merged into it, {@code seealso} the other records of its
     * identity. The caller passes only the records the reader may see: a merged record whose survivor is not given
     * is inactive without a link.
     */
    public Patient toFhir(
            PatientRecord record,
            @Nullable PatientRecord survivor,
            List<PatientRecord> sameIdentity,
            List<PatientRecord> mergedIntoIt) {
        Patient patient = toFhir(record);
        if (record.mergedInto() != null) {
            patient.setActive(false);
            if (survivor != null) {
                patient.addLink()
                        .setType(Patient.LinkType.REPLACEDBY)
                        .setOther(new Reference("Patient/" + survivor.id()));
            }
        } else {
            for (PatientRecord other : sameIdentity) {
                if (other.id() != record.id()) {
                    patient.addLink()
                            .setType(Patient.LinkType.SEEALSO)
                            .setOther(new Reference("Patient/" + other.id()));
                }
            }
        }
        for (PatientRecord merged : mergedIntoIt) {
            patient.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient/" + merged.id()));
        }
        return patient;
    }

    /** The Patient resource of a record, without links. */
    public Patient toFhir(PatientRecord record) {
        Patient patient = new Patient();
        patient.setId(String.valueOf(record.id()));
        patient.getMeta().setVersionId(String.valueOf(record.version()));
        patient.getMeta().setLastUpdated(Date.from(record.updatedAt()));
        patient.setActive(true);
        for (PatientIdentifier identifier : record.demographics().identifiers()) {
            Identifier fhir = patient.addIdentifier()
                    .setSystem(systems.systemOf(identifier.assigningAuthority()))
                    .setValue(identifier.value());
            if (identifier.typeCode() != null) {
                fhir.setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE_SYSTEM, identifier.typeCode(), null)));
            }
        }
        patient.addIdentifier()
                .setUse(Identifier.IdentifierUse.SECONDARY)
                .setSystem(IdentifierSystems.EUID_SYSTEM)
                .setValue(record.euid().toString());
        boolean first = true;
        for (PersonName name : record.demographics().names()) {
            HumanName fhir = patient.addName().setFamily(name.family());
            name.given().forEach(fhir::addGiven);
            if (name.prefix() != null) {
                fhir.addPrefix(name.prefix());
            }
            if (name.suffix() != null) {
                fhir.addSuffix(name.suffix());
            }
            if (first) {
                fhir.setUse(HumanName.NameUse.OFFICIAL);
                first = false;
            }
        }
        if (record.demographics().birthDate() != null) {
            patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(
                    record.demographics().birthDate().toString()));
        }
        patient.setGender(gender(record.demographics().sex()));
        PostalAddress address = record.demographics().address();
        if (address != null) {
            org.hl7.fhir.r4.model.Address fhir = patient.addAddress()
                    .setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME)
                    .setCity(address.city())
                    .setState(address.state())
                    .setPostalCode(address.postalCode())
                    .setCountry(address.country());
            address.lines().forEach(fhir::addLine);
        }
        if (record.demographics().phone() != null) {
            patient.addTelecom()
                    .setSystem(ContactPoint.ContactPointSystem.PHONE)
                    .setUse(ContactPoint.ContactPointUse.HOME)
                    .setValue(record.demographics().phone());
        }
        return patient;
    }

    /** The HL7 v2 administrative sex (table 0001) of a FHIR gender. */
    public static String sexOf(AdministrativeGender gender) {
        return switch (gender) {
            case FEMALE -> "F";
            case MALE -> "M";
            case OTHER -> "O";
            default -> "U";
        };
    }

    private static AdministrativeGender gender(String sex) {
        if (sex == null) {
            return AdministrativeGender.UNKNOWN;
        }
        return switch (sex.toUpperCase(Locale.ROOT)) {
            case "F" -> AdministrativeGender.FEMALE;
            case "M" -> AdministrativeGender.MALE;
            case "O", "A", "N" -> AdministrativeGender.OTHER;
            default -> AdministrativeGender.UNKNOWN;
        };
    }
}
