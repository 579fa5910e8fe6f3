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
        List<Identifier> identifiers = patient.identifiers().stream()
                .filter(id -> !id.value().isBlank() && !id.assigningAuthority().isBlank())
                .map(id -> new Identifier(id.value(), id.assigningAuthority()))
                .toList();
        List<Name> names =
                patient.names().stream().map(DemographicsTranslator::name).toList();
        PostalAddress address = patient.address();
        return new Demographics(
                identifiers,
                names,
                patient.birthDate(),
                Sex.ofHl7(patient.sex()),
                address == null ? null : new Address(address.lines(), address.city(), address.postalCode()),
                patient.phone(),
                nationalId(patient.identifiers()));
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
