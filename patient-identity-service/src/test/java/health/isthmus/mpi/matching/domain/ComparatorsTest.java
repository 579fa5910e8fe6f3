package health.isthmus.mpi.matching.domain;

import static health.isthmus.mpi.matching.domain.Records.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ComparatorsTest {

    private static final Nicknames NICKNAMES = Nicknames.standard();

    private static Comparison family(Records a, Records b) {
        return Comparators.familyName(a.profile(), b.profile());
    }

    private static Comparison given(Records a, Records b) {
        return Comparators.givenName(a.profile(), b.profile(), NICKNAMES);
    }

    @Nested
    class FamilyName {

        @Test
        void sameNameWrittenDifferentlyIsExact() {
            assertThat(family(patient().name("O'Brien", "Mary", null), patient().name("OBRIEN", "Mary", null)))
                    .isEqualTo(new Comparison(Level.EXACT, "equal"));
            assertThat(family(patient().name("Müller", "Hans", null), patient().name("MULLER", "Hans", null))
                            .level())
                    .isEqualTo(Level.EXACT);
        }

        @Test
        void aTypoOrAnotherSpellingOfTheSameSoundIsClose() {
            assertThat(family(patient().name("Johnson", "A", null), patient().name("Jonson", "A", null)))
                    .isEqualTo(new Comparison(Level.CLOSE, "spelling"));
            assertThat(family(patient().name("Schmidt", "A", null), patient().name("Smith", "A", null))
                            .level())
                    .isEqualTo(Level.CLOSE);
        }

        @Test
        void aMarriedDoubleBarrelledNameSharesAPart() {
            assertThat(family(patient().name("Smith", "Jane", null), patient().name("Smith-Jones", "Jane", null)))
                    .isEqualTo(new Comparison(Level.PARTIAL, "one part of a double-barrelled name"));
        }

        @Test
        void aMarriedNameWithTheBirthNameKeptAsPreviousNameIsPartial() {
            var married = patient().name("Jones", "Jane", null).previousName("Smith");
            assertThat(family(patient().name("Smith", "Jane", null), married))
                    .isEqualTo(new Comparison(Level.PARTIAL, "previous name"));
            assertThat(family(married, patient().name("Smith", "Jane", null)).level())
                    .isEqualTo(Level.PARTIAL);
        }

        @Test
        void differentNamesDisagreeAndAnAbsentOneIsMissing() {
            assertThat(family(patient().name("Smith", "Jane", null), patient().name("Taylor", "Jane", null))
                            .level())
                    .isEqualTo(Level.DISAGREE);
            assertThat(family(patient().name(null, "Jane", null), patient().name("Taylor", "Jane", null))
                            .level())
                    .isEqualTo(Level.MISSING);
        }
    }

    @Nested
    class GivenName {

        @Test
        void jonAndJohnAreTheSameManByNickname() {
            assertThat(given(patient().name("Smith", "Jon", null), patient().name("Smith", "John", null)))
                    .isEqualTo(new Comparison(Level.CLOSE, "nickname"));
            assertThat(given(patient().name("Smith", "Bill", null), patient().name("Smith", "William", null)))
                    .isEqualTo(new Comparison(Level.CLOSE, "nickname"));
        }

        @Test
        void aTypoIsClose() {
            assertThat(given(
                            patient().name("Smith", "Katherine", null),
                            patient().name("Smith", "Katherien", null)))
                    .isEqualTo(new Comparison(Level.CLOSE, "spelling"));
        }

        @Test
        void givenAndMiddleSwappedOrAnInitialArePartial() {
            assertThat(given(
                            patient().name("Smith", "John", "Edward"), patient().name("Smith", "Edward", "John")))
                    .isEqualTo(new Comparison(Level.PARTIAL, "given and middle name swapped"));
            assertThat(given(patient().name("Smith", "J", null), patient().name("Smith", "John", null)))
                    .isEqualTo(new Comparison(Level.PARTIAL, "initial"));
        }

        @Test
        void twinsWithDifferentNamesDisagree() {
            assertThat(given(patient().name("Smith", "Jack", null), patient().name("Smith", "Oliver", null))
                            .level())
                    .isEqualTo(Level.DISAGREE);
            // the same initial is not an initial-only name
            assertThat(given(patient().name("Smith", "James", null), patient().name("Smith", "John", null))
                            .level())
                    .isEqualTo(Level.DISAGREE);
        }
    }

    @Nested
    class BirthDate {

        private static final LocalDate THIRD_OF_APRIL = LocalDate.of(1970, 4, 3);

        @Test
        void theSameDateIsExact() {
            assertThat(Comparators.birthDate(THIRD_OF_APRIL, LocalDate.of(1970, 4, 3)))
                    .isEqualTo(Comparison.EQUAL);
        }

        @Test
        void zeroThreeZeroFourAgainstZeroFourZeroThreeIsATransposition() {
            assertThat(Comparators.birthDate(THIRD_OF_APRIL, LocalDate.of(1970, 3, 4)))
                    .isEqualTo(new Comparison(Level.CLOSE, "day and month transposed"));
        }

        @Test
        void oneWrongComponentIsPartial() {
            assertThat(Comparators.birthDate(THIRD_OF_APRIL, LocalDate.of(1971, 4, 3))
                            .level())
                    .isEqualTo(Level.PARTIAL);
            assertThat(Comparators.birthDate(THIRD_OF_APRIL, LocalDate.of(1970, 4, 13))
                            .level())
                    .isEqualTo(Level.PARTIAL);
        }

        @Test
        void aDifferentDateDisagreesAndAnUnknownOneIsMissing() {
            assertThat(Comparators.birthDate(THIRD_OF_APRIL, LocalDate.of(1982, 11, 20))
                            .level())
                    .isEqualTo(Level.DISAGREE);
            assertThat(Comparators.birthDate(THIRD_OF_APRIL, LocalDate.of(1971, 3, 4))
                            .level())
                    .isEqualTo(Level.DISAGREE);
            assertThat(Comparators.birthDate(null, THIRD_OF_APRIL).level()).isEqualTo(Level.MISSING);
        }
    }

    @Nested
    class SexField {

        @Test
        void onlyKnownValuesCarryEvidence() {
            assertThat(Comparators.sex(Sex.FEMALE, Sex.FEMALE).level()).isEqualTo(Level.EXACT);
            assertThat(Comparators.sex(Sex.FEMALE, Sex.MALE).level()).isEqualTo(Level.DISAGREE);
            assertThat(Comparators.sex(Sex.UNKNOWN, Sex.MALE).level()).isEqualTo(Level.MISSING);
            assertThat(Sex.ofHl7("f")).isEqualTo(Sex.FEMALE);
            assertThat(Sex.ofHl7("U")).isEqualTo(Sex.UNKNOWN);
            assertThat(Sex.ofHl7(null)).isEqualTo(Sex.UNKNOWN);
        }
    }

    @Nested
    class AddressField {

        private static Comparison address(Records a, Records b) {
            return Comparators.address(a.profile(), b.profile());
        }

        @Test
        void theSameHouseWrittenTwoWaysIsExact() {
            assertThat(address(
                                    patient().address("12 High Street", "N1 2AB"),
                                    patient().address("12 HIGH ST.", "n12ab"))
                            .level())
                    .isEqualTo(Level.EXACT);
            assertThat(address(
                                    patient().address("12 High Street", "N1 2AB"),
                                    patient().address("12 High St", null))
                            .level())
                    .isEqualTo(Level.EXACT);
        }

        @Test
        void aMisspelledStreetOrPostalCodeIsClose() {
            assertThat(address(
                                    patient().address("12 High Street", "N1 2AB"),
                                    patient().address("12 Hihg Street", "N1 2AB"))
                            .level())
                    .isEqualTo(Level.CLOSE);
            assertThat(address(
                                    patient().address("12 High Street", "N1 2AB"),
                                    patient().address("12 High Street", "N1 2BA"))
                            .level())
                    .isEqualTo(Level.CLOSE);
        }

        @Test
        void theSamePostalCodeAloneIsPartial() {
            assertThat(address(
                            patient().address("12 High Street", "N1 2AB"),
                            patient().address("3 Church Lane", "N1 2AB")))
                    .isEqualTo(new Comparison(Level.PARTIAL, "same postal code"));
        }

        @Test
        void anotherHouseDisagreesAndNoAddressIsMissing() {
            assertThat(address(
                                    patient().address("12 High Street", "N1 2AB"),
                                    patient().address("3 Church Lane", "N7 4XY"))
                            .level())
                    .isEqualTo(Level.DISAGREE);
            assertThat(address(patient().address(null, null), patient()).level())
                    .isEqualTo(Level.MISSING);
        }
    }

    @Nested
    class PhoneAndNationalId {

        @Test
        void theSameNumberWithAndWithoutCountryCodeIsExact() {
            var a = patient().phone("07700 900123").profile();
            var b = patient().phone("+44 7700 900123").profile();
            assertThat(Comparators.typed(a.phone(), b.phone())).isEqualTo(Comparison.EQUAL);
        }

        @Test
        void oneTypingErrorIsClose() {
            assertThat(Comparators.typed("943476591", "943476592").level()).isEqualTo(Level.CLOSE);
            assertThat(Comparators.typed("943476591", "934476591").level()).isEqualTo(Level.CLOSE);
            assertThat(Comparators.typed("943476591", "94347659").level()).isEqualTo(Level.CLOSE);
        }

        @Test
        void twoErrorsDisagreeAndAnAbsentValueIsMissing() {
            assertThat(Comparators.typed("943476591", "943476522").level()).isEqualTo(Level.DISAGREE);
            assertThat(Comparators.typed("943476591", "").level()).isEqualTo(Level.MISSING);
        }

        @Test
        void nationalIdsAreComparedWithoutSpacesAndDashes() {
            var a = patient().nationalId("943 476 5919").profile();
            var b = patient().nationalId("943-476-5919").profile();
            assertThat(Comparators.compare(Field.NATIONAL_ID, a, b, NICKNAMES)).isEqualTo(Comparison.EQUAL);
        }
    }
}
