package health.isthmus.mpi.matching.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A builder of test demographics: a plausible patient whose fields a test changes one at a time. */
final class Records {

    private final List<Identifier> identifiers = new ArrayList<>(List.of(new Identifier("MRN100001", "GENHOSP")));
    private final List<Name> names = new ArrayList<>(List.of(new Name("Smith", "John", "Edward")));
    private @Nullable LocalDate birthDate = LocalDate.of(1970, 4, 3);
    private Sex sex = Sex.MALE;
    private @Nullable Address address = new Address(List.of("12 High Street"), "Northbridge", "N1 2AB");
    private @Nullable String phone = null;
    private @Nullable String nationalId = null;

    static Records patient() {
        return new Records();
    }

    Records id(String value, String authority) {
        identifiers.set(0, new Identifier(value, authority));
        return this;
    }

    Records name(@Nullable String family, @Nullable String given, @Nullable String middle) {
        names.set(0, new Name(family, given, middle));
        return this;
    }

    Records previousName(String family) {
        names.add(new Name(family, names.getFirst().given(), null));
        return this;
    }

    Records born(@Nullable LocalDate date) {
        birthDate = date;
        return this;
    }

    Records sex(Sex value) {
        sex = value;
        return this;
    }

    Records address(@Nullable String line, @Nullable String postalCode) {
        address = line == null && postalCode == null
                ? null
                : new Address(line == null ? List.of() : List.of(line), "Northbridge", postalCode);
        return this;
    }

    Records phone(@Nullable String value) {
        phone = value;
        return this;
    }

    Records nationalId(@Nullable String value) {
        nationalId = value;
        return this;
    }

    Demographics build() {
        return new Demographics(identifiers, names, birthDate, sex, address, phone, nationalId);
    }

    MatchProfile profile() {
        return MatchProfile.of(build());
    }
}
