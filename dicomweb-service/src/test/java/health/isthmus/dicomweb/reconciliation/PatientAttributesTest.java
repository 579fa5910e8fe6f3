package health.isthmus.dicomweb.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatientAttributesTest {

    private static final PatientIdentifier MRN = new PatientIdentifier("MRN1", "GENHOSP", "MR");

    @Test
    void anHl7NameBecomesAPersonNameWithoutTrailingEmptyComponents() {
        assertThat(PatientAttributes.toDicom(new PersonName("DOE", List.of("JANE", "Q", "R"), null, null)))
                .isEqualTo("DOE^JANE^Q R");
        assertThat(PatientAttributes.toDicom(new PersonName("DOE", List.of(), null, "JR")))
                .isEqualTo("DOE^^^^JR");
        assertThat(PatientAttributes.toDicom(new PersonName("O^BRIEN", List.of("A=B"), null, null)))
                .isEqualTo("O BRIEN^A B");
        assertThat(PatientAttributes.toDicom(new PersonName(null, List.of(" "), null, null)))
                .isNull();
    }

    @Test
    void theMpisValuesReplaceTheSentOnesAndWhatItLeavesOutStays() {
        PatientAttributes sent = PatientAttributes.of("SENT^NAME=センド", "19800214", "F");
        assertThat(sent.nameSearch()).isEqualTo("SENT^NAME");

        PatientAttributes followed = sent.following(new PatientDemographics(
                List.of(MRN),
                List.of(new PersonName("Mpi", List.of("Name"), null, null)),
                LocalDate.of(1981, 1, 2),
                null));

        assertThat(followed).isEqualTo(new PatientAttributes("Mpi^Name", "MPI^NAME", "19810102", "F"));
        assertThat(sent.following(new PatientDemographics(List.of(MRN), List.of(), null, null)))
                .isEqualTo(sent);
    }
}
