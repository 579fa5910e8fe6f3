package health.isthmus.mpi.matching.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JaroWinklerTest {

    @Test
    void textbookPairsScoreAsPublished() {
        // the examples of Winkler's papers, as commonly quoted
        assertThat(JaroWinkler.similarity("MARTHA", "MARHTA")).isCloseTo(0.961, within(0.001));
        assertThat(JaroWinkler.similarity("DWAYNE", "DUANE")).isCloseTo(0.840, within(0.001));
        assertThat(JaroWinkler.similarity("DIXON", "DICKSONX")).isCloseTo(0.813, within(0.001));
        assertThat(JaroWinkler.jaro("MARTHA", "MARHTA")).isCloseTo(0.944, within(0.001));
    }

    @Test
    void equalStringsScoreOneAndDisjointOnesZero() {
        assertThat(JaroWinkler.similarity("SMITH", "SMITH")).isEqualTo(1.0);
        assertThat(JaroWinkler.similarity("ABC", "XYZ")).isZero();
        assertThat(JaroWinkler.similarity("", "SMITH")).isZero();
        assertThat(JaroWinkler.similarity("", "")).isZero();
    }

    @Test
    void itIsSymmetric() {
        assertThat(JaroWinkler.similarity("JOHNSON", "JONSON"))
                .isEqualTo(JaroWinkler.similarity("JONSON", "JOHNSON"))
                .isGreaterThan(0.9);
    }
}
