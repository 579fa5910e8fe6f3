package health.isthmus.mpi.matching.domain;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one source record says about a patient, as far as matching compares it.
 *
 * @param identifiers the record's identifiers, the one the sender keys it by first
 * @param names legal name first, then further names such as a birth or previous name
 * @param birthDate birth date, if known
 * @param sex administrative sex
 * @param address home address, if known
 * @param phone a phone number in any format, if known
 * @param nationalId the national health or social security number, if known
 */
public record Demographics(
        List<Identifier> identifiers,
        List<Name> names,
        @Nullable LocalDate birthDate,
        Sex sex,
        @Nullable Address address,
        @Nullable String phone,
        @Nullable String nationalId) {

    public Demographics {
        identifiers = List.copyOf(identifiers);
        names = List.copyOf(names);
    }
}
