package health.isthmus.mpi.matching.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NicknamesTest {

    private final Nicknames nicknames = Nicknames.standard();

    @Test
    void familiarFormsStandForTheFormalName() {
        assertThat(nicknames.equivalent("BILL", "WILLIAM")).isTrue();
        assertThat(nicknames.equivalent("JON", "JOHN")).isTrue();
        assertThat(nicknames.equivalent("PEGGY", "MARGARET")).isTrue();
        assertThat(nicknames.equivalent("KATE", "CATHERINE")).isTrue();
    }

    @Test
    void aNameInSeveralGroupsMatchesEachButTheGroupsStayApart() {
        assertThat(nicknames.equivalent("AL", "ALBERT")).isTrue();
        assertThat(nicknames.equivalent("AL", "ALFRED")).isTrue();
        assertThat(nicknames.equivalent("ALBERT", "ALFRED")).isFalse();
    }

    @Test
    void unrelatedOrUnknownNamesAreNotEquivalent() {
        assertThat(nicknames.equivalent("JOHN", "JAMES")).isFalse();
        assertThat(nicknames.equivalent("KWAME", "KWAME")).isFalse();
    }

    @Test
    void theCanonicalFormIsTheFormalNameOfTheFirstGroup() {
        assertThat(nicknames.canonical("BILL")).isEqualTo("WILLIAM");
        assertThat(nicknames.canonical("KWAME")).isEqualTo("KWAME");
        var table = new Nicknames(List.of(List.of("Zoë", "Zoe")));
        assertThat(table.equivalent("ZOE", "ZOE")).isTrue();
    }
}
