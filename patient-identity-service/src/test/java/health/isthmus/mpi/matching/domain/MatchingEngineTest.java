package health.isthmus.mpi.matching.domain;

import static health.isthmus.mpi.matching.domain.Records.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MatchingEngineTest {

    private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private final InMemoryCandidateIndex index = new InMemoryCandidateIndex();
    private final MatchingEngine engine = new MatchingEngine(index, MatchingSettings.defaults(), Nicknames.standard());

    @Test
    void anEmptyIndexGivesANewIdentity() {
        MatchDecision decision = engine.match(patient().build());

        assertThat(decision.outcome()).isEqualTo(Outcome.NEW);
        assertThat(decision.best()).isNull();
        assertThat(decision.euid()).isEmpty();
    }

    @Test
    void theSameIdentifierOfTheSameAuthorityDecidesWithoutScoring() {
        engine.index(1, ALICE, patient().build());

        // an update that changes every demographic field still belongs to the record it names
        MatchDecision decision = engine.match(patient()
                .name("Taylor", "Emma", null)
                .born(LocalDate.of(1990, 1, 1))
                .address(null, null)
                .build());

        assertThat(decision.outcome()).isEqualTo(Outcome.LINK);
        assertThat(decision.deterministic()).isTrue();
        assertThat(decision.euid()).contains(ALICE);
        assertThat(decision.best().recordId()).isEqualTo(1);
    }

    @Test
    void theSameIdentifierValueFromAnotherAuthorityIsNotDeterministic() {
        engine.index(1, ALICE, patient().build());

        MatchDecision decision = engine.match(patient()
                .id("MRN100001", "STMARY")
                .name("Taylor", "Emma", null)
                .sex(Sex.FEMALE)
                .born(LocalDate.of(1990, 1, 1))
                .address("3 Church Lane", "N7 4XY")
                .build());

        assertThat(decision.deterministic()).isFalse();
        assertThat(decision.outcome()).isEqualTo(Outcome.NEW);
    }

    @Test
    void aRegistrationAtAnotherSiteLinksToTheBestIdentityAndExplainsWhy() {
        engine.index(1, ALICE, patient().build());
        engine.index(
                2,
                BOB,
                patient()
                        .id("MRN200002", "GENHOSP")
                        .name("Smith", "Robert", null)
                        .born(LocalDate.of(1968, 2, 2))
                        .build());

        MatchDecision decision = engine.match(
                patient().id("SM100001", "STMARY").name("SMITH", "Jon", null).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.LINK);
        assertThat(decision.deterministic()).isFalse();
        assertThat(decision.euid()).contains(ALICE);
        assertThat(decision.candidates()).extracting(Candidate::euid).containsExactly(ALICE);
        assertThat(decision.best().score().fields())
                .filteredOn(f -> f.field() == Field.GIVEN_NAME)
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("nickname"));
    }

    @Test
    void twoRegistrationsWithTheSameNameAndBirthDateAreReviewedNotMerged() {
        // patient-safety case T12
        engine.index(1, ALICE, patient().address(null, null).build());

        MatchDecision decision = engine.match(
                patient().id("MRN100002", "GENHOSP").address(null, null).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(decision.euid()).contains(ALICE);
    }

    @Test
    void aTwinRegisteredWithAnInitialOnlyIsReviewedNotLinked() {
        var twins = patient().phone("01632 960001").born(LocalDate.of(2015, 6, 1));
        engine.index(1, ALICE, twins.name("Smith", "Jack", null).build());

        MatchDecision decision = engine.match(
                twins.id("SM100001", "STMARY").name("Smith", "J", null).build());

        assertThat(decision.score())
                .isGreaterThanOrEqualTo(MatchingSettings.defaults().linkThreshold());
        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW);
    }

    @Test
    void anInitialOnlyLinksWhenTheNationalIdIsTheSame() {
        var patient = patient().nationalId("9434765919");
        engine.index(1, ALICE, patient.build());

        MatchDecision decision = engine.match(
                patient.id("SM100001", "STMARY").name("Smith", "J", null).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.LINK);
    }

    @Test
    void aRecordThatLinksToTwoIdentitiesGoesToReview() {
        engine.index(1, ALICE, patient().build());
        engine.index(2, BOB, patient().id("SM100001", "STMARY").build());

        MatchDecision decision =
                engine.match(patient().id("NC100001", "NORTHCLIN").build());

        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(decision.candidates()).extracting(Candidate::euid).containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void anIdentityIsScoredThroughItsBestRecord() {
        engine.index(1, ALICE, patient().address("3 Church Lane", "N7 4XY").build());
        engine.index(2, ALICE, patient().id("SM100001", "STMARY").build());

        MatchDecision decision =
                engine.match(patient().id("NC100001", "NORTHCLIN").build());

        assertThat(decision.outcome()).isEqualTo(Outcome.LINK);
        assertThat(decision.candidates()).hasSize(1);
        assertThat(decision.best().recordId()).isEqualTo(2);
    }

    @Test
    void aMarriedWomanIsFoundThroughHerBirthDateAndSex() {
        engine.index(
                1, ALICE, patient().name("Smith", "Jane", null).sex(Sex.FEMALE).build());

        MatchDecision decision = engine.match(patient()
                .id("SM1", "STMARY")
                .name("Jones", "Jane", null)
                .sex(Sex.FEMALE)
                .build());

        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(decision.euid()).contains(ALICE);
    }
}
