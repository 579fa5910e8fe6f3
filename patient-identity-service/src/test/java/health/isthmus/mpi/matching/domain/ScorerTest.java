package health.isthmus.mpi.matching.domain;

import static health.isthmus.mpi.matching.domain.Records.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default weights and thresholds against cases a registration clerk or a clinician would recognise. */
class ScorerTest {

    private static final MatchingSettings SETTINGS = MatchingSettings.defaults();
    private final Scorer scorer = new Scorer(SETTINGS, Nicknames.standard());

    private Outcome outcome(Records a, Records b) {
        double score = scorer.score(a.profile(), b.profile()).total();
        if (score >= SETTINGS.linkThreshold()) {
            return Outcome.LINK;
        }
        return score >= SETTINGS.reviewThreshold() ? Outcome.REVIEW : Outcome.NEW;
    }

    @Test
    void theScoreIsTheSumOfTheFieldWeightsAndExplainsEachField() {
        Score score = scorer.score(
                patient().profile(), patient().phone("07700 900123").profile());

        assertThat(score.fields()).extracting(FieldScore::field).containsExactly(Field.values());
        assertThat(score.total())
                .isCloseTo(
                        score.fields().stream().mapToDouble(FieldScore::weight).sum(), within(1e-9));
        assertThat(score.fields())
                .filteredOn(f -> f.field() == Field.PHONE)
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.level()).isEqualTo(Level.MISSING);
                    assertThat(f.weight()).isZero();
                });
        assertThat(score.fields())
                .filteredOn(f -> f.field() == Field.GIVEN_NAME)
                .singleElement()
                .satisfies(f -> assertThat(f.weight()).isCloseTo(Math.log(0.78 / 0.012) / Math.log(2), within(1e-9)));
    }

    @Test
    void theSamePatientRegisteredAtAnotherHospitalLinks() {
        assertThat(outcome(patient(), patient().id("SM100777", "STMARY"))).isEqualTo(Outcome.LINK);
    }

    @Test
    void jonAtTheSameAddressLinksToJohn() {
        assertThat(outcome(patient().name("Smith", "John", null), patient().name("SMITH", "Jon", null)))
                .isEqualTo(Outcome.LINK);
    }

    @Test
    void aBirthDateWithDayAndMonthTransposedStillLinksWhenTheAddressAgrees() {
        assertThat(outcome(patient(), patient().born(LocalDate.of(1970, 3, 4)))).isEqualTo(Outcome.LINK);
    }

    @Test
    void aMarriedNameGoesToReview() {
        var maiden = patient().name("Smith", "Jane", null).sex(Sex.FEMALE);
        assertThat(outcome(maiden, patient().name("Smith-Jones", "Jane", null).sex(Sex.FEMALE)))
                .isEqualTo(Outcome.REVIEW);
        assertThat(outcome(
                        maiden,
                        patient()
                                .name("Jones", "Jane", null)
                                .previousName("Smith")
                                .sex(Sex.FEMALE)))
                .isEqualTo(Outcome.REVIEW);
    }

    @Test
    void theSameNameAndBirthDateAloneIsReviewedNotLinked() {
        // patient-safety case T12: two registrations, same name and birth date, nothing else in common
        var first = patient().address(null, null);
        var second = patient().id("MRN100002", "GENHOSP").address(null, null);
        assertThat(outcome(first, second)).isEqualTo(Outcome.REVIEW);
        // namesakes living apart
        var elsewhere = patient().id("MRN100002", "GENHOSP").address("7 Mill Lane", "N9 9ZZ");
        assertThat(outcome(patient(), elsewhere)).isEqualTo(Outcome.REVIEW);
    }

    @Test
    void twinsAtTheSameAddressWithTheSamePhoneAreNotLinked() {
        var jack = patient().name("Smith", "Jack", null).phone("01632 960001").born(LocalDate.of(2015, 6, 1));
        var oliver =
                patient().name("Smith", "Oliver", null).phone("01632 960001").born(LocalDate.of(2015, 6, 1));
        assertThat(outcome(jack, oliver)).isNotEqualTo(Outcome.LINK);
    }

    @Test
    void theSameNationalIdOutweighsAMisspeltNameAndAMove() {
        var a = patient().nationalId("943 476 5919");
        var b = patient()
                .name("Smyth", "John", null)
                .address("3 Church Lane", "N7 4XY")
                .nationalId("9434765919");
        assertThat(outcome(a, b)).isEqualTo(Outcome.LINK);
    }

    @Test
    void anotherPersonIsNew() {
        var other = patient()
                .name("Taylor", "Emma", null)
                .sex(Sex.FEMALE)
                .born(LocalDate.of(1988, 12, 24))
                .address("3 Church Lane", "N7 4XY");
        assertThat(outcome(patient(), other)).isEqualTo(Outcome.NEW);
    }

    @Test
    void missingFieldsWeighNothing() {
        var thin = new Demographics(
                List.of(new Identifier("L1", "CITYLAB")),
                List.of(new Name("Smith", "John", null)),
                null,
                Sex.UNKNOWN,
                null,
                null,
                null);
        Score score = scorer.score(patient().profile(), MatchProfile.of(thin));
        assertThat(score.fields())
                .filteredOn(f -> f.level() == Level.MISSING)
                .extracting(FieldScore::field)
                .containsExactly(Field.BIRTH_DATE, Field.SEX, Field.ADDRESS, Field.PHONE, Field.NATIONAL_ID);
        assertThat(score.total()).isLessThan(SETTINGS.reviewThreshold());
    }
}
