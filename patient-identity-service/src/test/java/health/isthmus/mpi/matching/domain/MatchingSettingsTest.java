package health.isthmus.mpi.matching.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchingSettingsTest {

    @Test
    void aLevelWeighsLog2OfMOverU() {
        assertThat(new Probabilities(0.9, 0.01).weight()).isCloseTo(6.49, within(0.01));
        assertThat(new Probabilities(0.02, 0.96).weight()).isNegative();
    }

    @Test
    void missingAndUnlistedLevelsWeighNothing() {
        var settings = MatchingSettings.defaults();
        assertThat(settings.weight(Field.NATIONAL_ID, Level.MISSING)).isZero();
        assertThat(settings.weight(Field.SEX, Level.CLOSE)).isZero();
    }

    @Test
    void agreementWeighsMoreThanDisagreementForEveryField() {
        var settings = MatchingSettings.defaults();
        for (Field field : Field.values()) {
            assertThat(settings.weight(field, Level.EXACT))
                    .as(field.name())
                    .isPositive()
                    .isGreaterThan(settings.weight(field, Level.CLOSE));
            assertThat(settings.weight(field, Level.DISAGREE)).as(field.name()).isNegative();
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Probabilities(0, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Probabilities(0.5, 1.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new MatchingSettings(10, 12, 100, Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new MatchingSettings(20, 12, 0, Map.of()));
    }
}
