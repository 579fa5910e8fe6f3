package health.isthmus.mpi.matching.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A source record's demographics in the form the comparators read: normalised once when the record is indexed,
 * not again for every comparison.
 *
 * @param identifiers the record's identifiers as sent
 * @param names legal name first; never empty (a record without a name has one empty name)
 * @param birthDate birth date, if known
 * @param sex administrative sex
 * @param addressLine the first address line, normalised; empty if unknown
 * @param postalCode the postal code, letters and digits only; empty if unknown
 * @param phone the last nine digits of the phone number; empty if unknown
 * @param nationalId the national id, letters and digits only; empty if unknown
 */
public record MatchProfile(
        List<Identifier> identifiers,
        List<NameForm> names,
        @Nullable LocalDate birthDate,
        Sex sex,
        String addressLine,
        String postalCode,
        String phone,
        String nationalId) {

    public MatchProfile {
        identifiers = List.copyOf(identifiers);
        names = names.isEmpty() ? List.of(NameForm.of(new Name(null, null, null))) : List.copyOf(names);
    }

    public static MatchProfile of(Demographics d) {
        List<NameForm> names = new ArrayList<>(d.names().size());
        for (Name name : d.names()) {
            names.add(NameForm.of(name));
        }
        Address address = d.address();
        return new MatchProfile(
                d.identifiers(),
                names,
                d.birthDate(),
                d.sex(),
                address == null || address.lines().isEmpty()
                        ? ""
                        : Normalization.addressLine(address.lines().getFirst()),
                address == null ? "" : Normalization.compact(address.postalCode()),
                Normalization.phone(d.phone()),
                Normalization.compact(d.nationalId()));
    }

    /** The legal name. */
    public NameForm name() {
        return names.getFirst();
    }

    /**
     * One name, normalised.
     *
     * @param family the family name without spaces ({@code SMITHJONES})
     * @param familyWords the words of the family name ({@code SMITH}, {@code JONES})
     * @param familyCode the Double Metaphone primary code of the family name
     * @param familyAlternate its alternate code
     * @param given the first given name
     * @param givenCode its Double Metaphone primary code
     * @param givenAlternate its alternate code
     * @param middle the further given names, words separated by a space
     */
    public record NameForm(
            String family,
            List<String> familyWords,
            String familyCode,
            String familyAlternate,
            String given,
            String givenCode,
            String givenAlternate,
            String middle) {

        public NameForm {
            familyWords = List.copyOf(familyWords);
        }

        static NameForm of(Name name) {
            List<String> familyWords = Normalization.words(name.family());
            String family = String.join("", familyWords);
            List<String> givenWords = Normalization.words(name.given());
            String given = givenWords.isEmpty() ? "" : givenWords.getFirst();
            List<String> middleWords =
                    new ArrayList<>(givenWords.size() > 1 ? givenWords.subList(1, givenWords.size()) : List.of());
            middleWords.addAll(Normalization.words(name.middle()));
            return new NameForm(
                    family,
                    familyWords,
                    Phonetics.primary(family),
                    Phonetics.alternate(family),
                    given,
                    Phonetics.primary(given),
                    Phonetics.alternate(given),
                    String.join(" ", middleWords));
        }
    }
}
