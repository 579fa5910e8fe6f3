package health.isthmus.worklist.scheduling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.common.PersonName;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonNamesTest {

    @Test
    void familyGivenAndMiddleNamesWithoutEmptyTrailingComponents() {
        assertThat(PersonNames.toDicom(new PersonName("DOE", List.of("JANE", "Q"), null, null)))
                .isEqualTo("DOE^JANE^Q");
        assertThat(PersonNames.toDicom(new PersonName("ROE", List.of("RICHARD"), null, null)))
                .isEqualTo("ROE^RICHARD");
        assertThat(PersonNames.toDicom(new PersonName("SMITH", List.of(), null, null)))
                .isEqualTo("SMITH");
    }

    @Test
    void prefixAndSuffixKeepTheirPlacesBehindEmptyMiddleNames() {
        assertThat(PersonNames.toDicom(new PersonName("SMITH", List.of("JOHN"), "DR", null)))
                .isEqualTo("SMITH^JOHN^^DR");
        assertThat(PersonNames.toDicom(new PersonName("SMITH", List.of("JOHN", "A", "B"), "DR", "JR")))
                .isEqualTo("SMITH^JOHN^A B^DR^JR");
        assertThat(PersonNames.toDicom(new PersonName(null, List.of("CHER"), null, null)))
                .isEqualTo("^CHER");
    }

    @Test
    void pnDelimitersInsideANameBecomeSpaces() {
        assertThat(PersonNames.toDicom(new PersonName("O^BRIEN=X", List.of("ANN\\MARIE"), null, null)))
                .isEqualTo("O BRIEN X^ANN MARIE");
    }

    @Test
    void aNameWithoutAnyPartIsAbsent() {
        assertThat(PersonNames.toDicom(new PersonName(" ", List.of(""), null, null)))
                .isNull();
        assertThat(PersonNames.toDicom(null)).isNull();
    }

    @Test
    void aPnValueReadsBackAsTheName() {
        assertThat(PersonNames.fromDicom("SMITH^JOHN^A B^DR^JR"))
                .isEqualTo(new PersonName("SMITH", List.of("JOHN", "A", "B"), "DR", "JR"));
        assertThat(PersonNames.fromDicom("DOE^JANE=ideographic"))
                .isEqualTo(new PersonName("DOE", List.of("JANE"), null, null));
    }
}
