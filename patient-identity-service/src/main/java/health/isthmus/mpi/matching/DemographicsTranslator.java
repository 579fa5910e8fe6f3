package health.isthmus.mpi.matching;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.mpi.matching.domain.Address;
import health.isthmus.mpi.matching.domain.Demographics;
import health.isthmus.mpi.matching.domain.Identifier;
import health.isthmus.mpi.matching.domain.Name;
import health.isthmus.mpi.matching.domain.Sex;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads the demographics of an HL7 event in the form the matching engine compares: the first given name as given
 * name, the further ones as middle, and the value of the first identifier of a national id type as national id.
 */
@Component
public class DemographicsTranslator {

    private final Set<String> nationalIdTypes;

    public DemographicsTranslator(MatchingProperties properties) {
        this.nationalIdTypes = properties.nationalIdTypesOrDefault().stream()
                .map(type -> type.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public Demographics toMatching(PatientDemographics patient) {
        return toMatching(
                patient.identifiers(),
                patient.names(),
                patient.birthDate(),
                patient.sex(),
                patient.address(),
                patient.phone());
    }

    /** The same for demographics that may carry no identifier at all (a FHIR $match query). */
    public Demographics toMatching(
            List<PatientIdentifier> patientIdentifiers,
            List<PersonName> patientNames,
            @Nullable LocalDate birthDate,
            @Nullable String sex,
            @Nullable PostalAddress address,
            @Nullable String phone) {
        List<Identifier> identifiers = patientIdentifiers.stream()
                .filter(id -> !id.value().isBlank() && !id.assigningAuthority().isBlank())
                .map(id -> new Identifier(id.value(), id.assigningAuthority()))
                .toList();
        List<Name> names =
                patientNames.stream().map(DemographicsTranslator::name).toList();
        return new Demographics(
                identifiers,
                names,
                birthDate,
                Sex.ofHl7(sex),
                address == null ? null : new Address(address.lines(), address.city(), address.postalCode()),
                phone,
                nationalId(patientIdentifiers));
    }

    private @Nullable String nationalId(List<PatientIdentifier> identifiers) {
        for (PatientIdentifier identifier : identifiers) {
            String type = identifier.typeCode();
            if (type != null) {
                String upper = type.toUpperCase(Locale.ROOT);
                if (nationalIdTypes.contains(upper) || upper.startsWith("NN")) {
                    return identifier.value();
                }
            }
        }
        return null;
    }

    private static Name name(PersonName name) {
        List<String> given = name.given();
        return new Name(
                name.family(),
                given.isEmpty() ? null : given.getFirst(),
                given.size() < 2 ? null : String.join(" ", given.subList(1, given.size())));
    }
}
