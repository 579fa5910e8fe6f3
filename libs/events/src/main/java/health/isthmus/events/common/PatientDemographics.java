package health.isthmus.events.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The demographics of a patient as one source system knows them (HL7 v2 PID).
 *
 * @param identifiers every identifier of PID-3, the first being the one the sender keys the patient by
 * @param names every name of PID-5, legal name first
 * @param birthDate PID-7, if sent
 * @param sex administrative sex of HL7 table 0001 ({@code F}, {@code M}, {@code O}, {@code U}...), if sent
 * @param address the first address of PID-11, if sent (added in v1 without a version change: older producers
 *     leave it out)
 * @param phone the first home number of PID-13, if sent (added like {@code address})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientDemographics(
        List<PatientIdentifier> identifiers,
        List<PersonName> names,
        @Nullable LocalDate birthDate,
        @Nullable String sex,
        @Nullable PostalAddress address,
        @Nullable String phone) {

    public PatientDemographics {
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("a patient needs at least one identifier");
        }
        identifiers = List.copyOf(identifiers);
        names = List.copyOf(names);
    }

    /** Demographics without address and phone. */
    public PatientDemographics(
            List<PatientIdentifier> identifiers,
            List<PersonName> names,
            @Nullable LocalDate birthDate,
            @Nullable String sex) {
        this(identifiers, names, birthDate, sex, null, null);
    }

    /** The identifier the sender keys this patient by (the first of PID-3). */
    public PatientIdentifier primaryIdentifier() {
        return identifiers.getFirst();
    }
}
