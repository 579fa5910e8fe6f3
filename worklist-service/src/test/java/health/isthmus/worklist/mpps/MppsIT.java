package health.isthmus.worklist.mpps;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseClient;
import health.isthmus.dicom.dimse.NResponse;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.events.worklist.WorklistTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.worklist.ScheduledSteps;
import health.isthmus.worklist.ScheduledSteps.Step;
import health.isthmus.worklist.dicom.DicomListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/** Our SCU as the modality: MPPS N-CREATE and N-SET against the running service. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.worklist.dicom.port=0")
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class MppsIT {

    private static final String MPPS = Uid.ModalityPerformedProcedureStep;

    @Autowired
    DicomListener listener;

    @Autowired
    JdbcClient jdbc;

    private ScheduledSteps steps;
    private Association association;
    private DimseClient modality;

    @BeforeEach
    void connect() throws Exception {
        steps = new ScheduledSteps(jdbc);
        steps.deleteAll();
        association = new DicomClient(UpperLayerSettings.defaults(), null)
                .connect(
                        "127.0.0.1",
                        listener.port(),
                        AssociationProposal.builder("CT01", "ISTHMUS_MWL")
                                .propose(MPPS, Uid.ExplicitVRLittleEndian)
                                .propose(Uid.ModalityWorklistInformationModelFind, Uid.ExplicitVRLittleEndian)
                                .propose(Uid.StudyRootQueryRetrieveInformationModelFind, Uid.ExplicitVRLittleEndian)
                                .build());
        modality = new DimseClient(association);
    }

    @AfterEach
    void release() throws Exception {
        association.release();
    }

    /** An N-CREATE data set as a CT sends it for the step (PS3.4 Table F.7.2-1, type 1 and 2 attributes). */
    private static Attributes inProgress(Step step) {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a.setString(Tag.Modality, VR.CS, "CT");
        a.setNull(Tag.ProcedureCodeSequence, VR.SQ);
        a.setString(Tag.PatientName, VR.PN, step.patientName());
        a.setString(Tag.PatientID, VR.LO, step.patientId());
        a.setNull(Tag.PatientBirthDate, VR.DA);
        a.setNull(Tag.PatientSex, VR.CS);
        Attributes scheduled =
                a.newSequence(Tag.ScheduledStepAttributesSequence).addItem();
        scheduled.setString(Tag.StudyInstanceUID, VR.UI, step.studyInstanceUid());
        scheduled.setString(Tag.AccessionNumber, VR.SH, step.accession());
        scheduled.setString(Tag.RequestedProcedureID, VR.SH, "RP-" + step.accession());
        scheduled.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS-" + step.accession());
        a.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        a.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20261203");
        a.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "093512");
        a.setNull(Tag.PerformedProcedureStepEndDate, VR.DA);
        a.setNull(Tag.PerformedProcedureStepEndTime, VR.TM);
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        a.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS-" + step.accession());
        a.newSequence(Tag.PerformedSeriesSequence);
        return a;
    }

    private static Attributes completed(String seriesUid) {
        Attributes a = new Attributes();
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        a.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20261203");
        a.setString(Tag.PerformedProcedureStepEndTime, VR.TM, "095001");
        Attributes series = a.newSequence(Tag.PerformedSeriesSequence).addItem();
        series.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        series.setString(Tag.Modality, VR.CS, "CT");
        return a;
    }

    private static Attributes status(String status) {
        Attributes a = new Attributes();
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, status);
        return a;
    }

    private List<String> worklistAccessions() throws Exception {
        Attributes query = new Attributes();
        query.setNull(Tag.AccessionNumber, VR.SH);
        List<String> accessions = new ArrayList<>();
        modality.find(
                Uid.ModalityWorklistInformationModelFind,
                query,
                match -> accessions.add(match.getString(Tag.AccessionNumber)));
        return accessions;
    }

    private static List<String> eventsFor(String mppsUid, int count) {
        try (TopicReader reader = new TopicReader(WorklistTopics.PROCEDURE)) {
            return reader
                    .await(
                            record -> new String(record.value(), StandardCharsets.UTF_8).contains(mppsUid),
                            count,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(record ->
                            new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8) + " "
                                    + new String(record.value(), StandardCharsets.UTF_8))
                    .toList();
        }
    }

    @Test
    void createThenCompleteMovesTheStepAndPublishesStartedAndCompleted() throws Exception {
        Step step = Step.of("ACC-7001", "MRN100001", "DOE^JANE");
        long stepId = steps.insert(step);
        String uid = "2.25.7001";

        NResponse created = modality.nCreate(MPPS, uid, inProgress(step));

        assertThat(created.status().code()).isEqualTo(Status.SUCCESS);
        assertThat(steps.status(stepId)).isEqualTo("IN_PROGRESS");
        assertThat(worklistAccessions())
                .as("in progress stays listed by default")
                .containsExactly("ACC-7001");

        NResponse done = modality.nSet(MPPS, uid, completed("2.25.7001.1"));

        assertThat(done.status().code()).isEqualTo(Status.SUCCESS);
        assertThat(steps.status(stepId)).isEqualTo("COMPLETED");
        assertThat(worklistAccessions())
                .as("a completed step leaves the worklist")
                .isEmpty();
        assertThat(jdbc.sql("select action || ' ' || cause from procedure_step_history where step_id = ? order by id")
                        .param(stepId)
                        .query(String.class)
                        .list())
                .containsExactly("MPPS_IN_PROGRESS dicom CT01", "MPPS_COMPLETED dicom CT01");
        List<String> events = eventsFor(uid, 2);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("worklist.ProcedureStarted.v1").contains("\"status\":\"IN_PROGRESS\"");
        assertThat(events.get(1))
                .startsWith("worklist.ProcedureCompleted.v1")
                .contains("\"status\":\"COMPLETED\"", "2.25.7001.1", "ACC-7001");
    }

    @Test
    void discontinuedEndsTheStepWithItsReason() throws Exception {
        Step step = Step.of("ACC-7002", "MRN100002", "ROE^RICHARD");
        long stepId = steps.insert(step);
        String uid = "2.25.7002";
        modality.nCreate(MPPS, uid, inProgress(step));

        Attributes discontinued = status("DISCONTINUED");
        Attributes reason = discontinued
                .newSequence(Tag.PerformedProcedureStepDiscontinuationReasonCodeSequence)
                .addItem();
        reason.setString(Tag.CodeValue, VR.SH, "110514");
        reason.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        reason.setString(Tag.CodeMeaning, VR.LO, "Incorrect worklist entry selected");
        assertThat(modality.nSet(MPPS, uid, discontinued).status().code()).isEqualTo(Status.SUCCESS);

        assertThat(steps.status(stepId)).isEqualTo("DISCONTINUED");
        List<String> events = eventsFor(uid, 2);
        assertThat(events.get(1))
                .startsWith("worklist.ProcedureDiscontinued.v1")
                .contains("Incorrect worklist entry selected");
    }

    @Test
    void aFinishedStepMayNoLongerBeUpdated() throws Exception {
        Step step = Step.of("ACC-7003", "MRN100003", "POE^EDGAR");
        long stepId = steps.insert(step);
        String uid = "2.25.7003";
        modality.nCreate(MPPS, uid, inProgress(step));
        modality.nSet(MPPS, uid, completed("2.25.7003.1"));

        NResponse again = modality.nSet(MPPS, uid, status("DISCONTINUED"));

        assertThat(again.status().code()).isEqualTo(Status.PROCESSING_FAILURE);
        assertThat(again.status().errorComment()).isEqualTo("Performed Procedure Step Object may no longer be updated");
        assertThat(steps.status(stepId)).isEqualTo("COMPLETED");
    }

    @Test
    void refusedCreatesAndSetsChangeNothing() throws Exception {
        Step step = Step.of("ACC-7004", "MRN100004", "LOE^ANNA");
        long stepId = steps.insert(step);

        Attributes completedAtOnce = inProgress(step);
        completedAtOnce.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        assertThat(modality.nCreate(MPPS, "2.25.7004.1", completedAtOnce)
                        .status()
                        .code())
                .isEqualTo(Status.INVALID_ATTRIBUTE_VALUE);

        Attributes withoutStation = inProgress(step);
        withoutStation.remove(Tag.PerformedStationAETitle);
        assertThat(modality.nCreate(MPPS, "2.25.7004.2", withoutStation)
                        .status()
                        .code())
                .isEqualTo(Status.MISSING_ATTRIBUTE);

        Attributes emptyStart = inProgress(step);
        emptyStart.setNull(Tag.PerformedProcedureStepStartDate, VR.DA);
        assertThat(modality.nCreate(MPPS, "2.25.7004.3", emptyStart).status().code())
                .isEqualTo(Status.MISSING_ATTRIBUTE_VALUE);

        assertThat(steps.status(stepId)).isEqualTo("SCHEDULED");
        assertThat(modality.nCreate(MPPS, "2.25.7004.4", inProgress(step))
                        .status()
                        .code())
                .isEqualTo(Status.SUCCESS);
        assertThat(modality.nCreate(MPPS, "2.25.7004.4", inProgress(step))
                        .status()
                        .code())
                .isEqualTo(Status.DUPLICATE_SOP_INSTANCE);
        assertThat(modality.nSet(MPPS, "2.25.7004.4", status("SCHEDULED"))
                        .status()
                        .code())
                .isEqualTo(Status.INVALID_ATTRIBUTE_VALUE);
        assertThat(modality.nSet(MPPS, "2.25.9999", status("COMPLETED"))
                        .status()
                        .code())
                .isEqualTo(Status.NO_SUCH_OBJECT_INSTANCE);
        assertThat(steps.status(stepId)).isEqualTo("IN_PROGRESS");
        assertThat(jdbc.sql("select count(*) from performed_procedure_step")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void onlyWorklistMppsAndVerificationAreAccepted() {
        assertThat(association.presentationContextFor(MPPS, null)).isNotNull();
        assertThat(association.presentationContextFor(Uid.ModalityWorklistInformationModelFind, null))
                .isNotNull();
        assertThat(association.presentationContextFor(Uid.StudyRootQueryRetrieveInformationModelFind, null))
                .as("not this AE's business")
                .isNull();
    }

    @Test
    void aStepNamedOnlyByItsStudyIsLinked() throws Exception {
        Step step = Step.of("ACC-7005", "MRN100005", "DOE^JOHN");
        long stepId = steps.insert(step);
        Attributes attributes = inProgress(step);
        Attributes scheduled = attributes.getNestedDataset(Tag.ScheduledStepAttributesSequence);
        scheduled.setNull(Tag.AccessionNumber, VR.SH);
        scheduled.setNull(Tag.ScheduledProcedureStepID, VR.SH);

        NResponse created = modality.nCreate(MPPS, null, attributes);

        assertThat(created.status().code()).isEqualTo(Status.SUCCESS);
        assertThat(created.sopInstanceUid()).as("assigned by the SCP").startsWith("2.25.");
        assertThat(steps.status(stepId)).isEqualTo("IN_PROGRESS");
    }
}
