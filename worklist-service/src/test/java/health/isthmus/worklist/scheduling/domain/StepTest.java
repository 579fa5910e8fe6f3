package health.isthmus.worklist.scheduling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.common.PatientIdentifier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:45:00Z");

    private static final Procedure CT_HEAD = new Procedure(
            "PO-5001",
            "FO-7001",
            "RP-9001",
            "CT HEAD WITHOUT CONTRAST",
            List.of(new ProcedureCode("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L")),
            "CT HEAD WITHOUT CONTRAST",
            List.of(),
            "CT",
            null,
            null,
            null,
            new ScheduledStart(LocalDate.of(2026, 11, 27), LocalTime.of(10, 0), Instant.parse("2026-11-27T16:00:00Z")),
            null,
            "SMITH^JOHN^^DR",
            null,
            "R",
            "Headache",
            "1.2.826.0.1.3680043.10.1234.1.9001");

    private static final StepPatient JANE = new StepPatient(
            "MRN100001",
            "GENHOSP",
            List.of(new PatientIdentifier("MRN100001", "GENHOSP", "MR")),
            null,
            "DOE^JANE^Q",
            LocalDate.of(1980, 2, 14),
            "F");

    private static final Step STEP =
            new Step(7, "GENHOSP", "ACC-9001", "SPS-9001", CT_HEAD, JANE, StepStatus.SCHEDULED, false, NOW, NOW, 1);

    @Test
    void theSameOrderAgainChangesNothing() {
        Step again = STEP.withProcedure(new Procedure(
                        CT_HEAD.placerOrderNumber(),
                        CT_HEAD.fillerOrderNumber(),
                        CT_HEAD.requestedProcedureId(),
                        CT_HEAD.requestedProcedureDescription(),
                        List.copyOf(CT_HEAD.requestedProcedureCodes()),
                        CT_HEAD.stepDescription(),
                        List.of(),
                        CT_HEAD.modality(),
                        null,
                        null,
                        null,
                        CT_HEAD.start(),
                        null,
                        CT_HEAD.requestingPhysician(),
                        null,
                        CT_HEAD.priority(),
                        CT_HEAD.reason(),
                        CT_HEAD.studyInstanceUid()))
                .withPatient(JANE);

        assertThat(again.changesFrom(STEP)).isEmpty();
    }

    @Test
    void changesNameTheFieldsThatDiffer() {
        Step merged = STEP.withPatient(new StepPatient(
                        "MRN100009",
                        "GENHOSP",
                        JANE.otherIds(),
                        JANE.euid(),
                        "SMITH^JANE",
                        JANE.birthDate(),
                        JANE.sex()))
                .withOnHold(true)
                .withStatus(StepStatus.CANCELLED);

        assertThat(merged.changesFrom(STEP)).containsExactly("patientId", "name", "status", "onHold");
    }

    @Test
    void thePatientIdentifierCarriesItsTypeFromTheIdentitysIdentifiers() {
        assertThat(JANE.identifier()).isEqualTo(new PatientIdentifier("MRN100001", "GENHOSP", "MR"));
        assertThat(STEP.withPatient(new StepPatient("X1", "GENHOSP", List.of(), null, null, null, null))
                        .patient()
                        .identifier())
                .isEqualTo(new PatientIdentifier("X1", "GENHOSP", null));
    }

    @Test
    void onlyScheduledAndInProgressStepsAreOpen() {
        assertThat(List.of(StepStatus.values()))
                .filteredOn(StepStatus::open)
                .containsExactly(StepStatus.SCHEDULED, StepStatus.IN_PROGRESS);
    }
}
