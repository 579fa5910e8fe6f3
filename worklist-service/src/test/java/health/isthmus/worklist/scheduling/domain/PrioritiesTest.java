package health.isthmus.worklist.scheduling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrioritiesTest {

    @ParameterizedTest
    @CsvSource({"S,STAT", "A,HIGH", "T,HIGH", "P,HIGH", "R,ROUTINE", "C,MEDIUM", "PRN,LOW", "s,STAT", " r ,ROUTINE"})
    void hl7PrioritiesBecomeDicomRequestedProcedurePriorities(String hl7, String dicom) {
        assertThat(Priorities.dicomOf(hl7)).isEqualTo(dicom);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "X", "ROUTINE"})
    void otherValuesHaveNoDicomPriority(String hl7) {
        assertThat(Priorities.dicomOf(hl7)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"s,S", " R ,R", "prn,PRN"})
    void storedPrioritiesAreTrimmedUpperCase(String sent, String stored) {
        assertThat(Priorities.normalized(sent)).isEqualTo(stored);
    }
}
