package health.isthmus.worklist.mwl;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorklistPrefilterTest {

    @Test
    void keysBecomeParameterisedConditionsOnIndexedColumns() {
        Attributes query = new Attributes();
        query.setString(Tag.PatientID, VR.LO, "MRN'1");
        query.setString(Tag.PatientName, VR.PN, "o'brien^*");
        Attributes step = query.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        step.setString(Tag.Modality, VR.CS, "CT");
        step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261201-20261203");
        step.setString(Tag.ScheduledStationAETitle, VR.AE, "CT_*");

        WorklistPrefilter filter = WorklistPrefilter.of(query, List.of("SCHEDULED"), List.of("CT01"));

        assertThat(filter.where())
                .isEqualTo("status in (?) and not on_hold and scheduled_station_ae_title in (?) and patient_id = ?"
                        + " and upper(patient_name) like ? and modality = ? and scheduled_station_ae_title like ?"
                        + " and scheduled_start_date >= ? and scheduled_start_date <= ?")
                .doesNotContain("'");
        assertThat(filter.parameters())
                .containsExactly(
                        "SCHEDULED",
                        "CT01",
                        "MRN'1",
                        "O'BRIEN^%",
                        "CT",
                        "CT\\_%",
                        LocalDate.of(2026, 12, 1),
                        LocalDate.of(2026, 12, 3));
    }

    @Test
    void universalKeysAddNoCondition() {
        Attributes query = new Attributes();
        query.setNull(Tag.PatientID, VR.LO);
        query.setString(Tag.PatientName, VR.PN, "*");
        query.setString(Tag.AccessionNumber, VR.SH, "*");
        query.newSequence(Tag.ScheduledProcedureStepSequence).addItem();

        assertThat(WorklistPrefilter.of(query, List.of("SCHEDULED", "IN_PROGRESS"), null)
                        .where())
                .isEqualTo("status in (?, ?) and not on_hold");
    }
}
