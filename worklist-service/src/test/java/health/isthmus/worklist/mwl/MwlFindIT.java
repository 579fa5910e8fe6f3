package health.isthmus.worklist.mwl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseClient;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.worklist.ScheduledSteps;
import health.isthmus.worklist.ScheduledSteps.Step;
import health.isthmus.worklist.dicom.DicomListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/** DCMTK findscu as the modality, against the running service and its PostgreSQL. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.worklist.dicom.port=0",
            "isthmus.worklist.mwl.result-limit=500",
            "isthmus.worklist.mwl.station-filter.CT_CONSOLE=CT01"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class MwlFindIT {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

    @Autowired
    DicomListener listener;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path out;

    private ScheduledSteps steps;

    @BeforeAll
    static void dcmtk() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/findscu")), "DCMTK findscu is not installed");
    }

    @BeforeEach
    void clean() {
        steps = new ScheduledSteps(jdbc);
        steps.deleteAll();
    }

    @Test
    void narrowQueryReturnsThePatientsStepWithEveryRequestedKey() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE"));
        steps.insert(Step.of("ACC-2", "MRN100002", "ROE^RICHARD"));

        Result result = findscu(
                "MODALITY",
                "ISTHMUS_MWL",
                "-k",
                "PatientID=MRN100001",
                "-k",
                "IssuerOfPatientID=GENHOSP",
                "-k",
                "PatientName",
                "-k",
                "PatientBirthDate",
                "-k",
                "AccessionNumber",
                "-k",
                "StudyInstanceUID",
                "-k",
                "RequestedProcedureID",
                "-k",
                "RequestedProcedureDescription",
                "-k",
                "RequestedProcedureCodeSequence",
                "-k",
                "ReasonForTheRequestedProcedure",
                "-k",
                "(0040,0100)[0].Modality",
                "-k",
                "(0040,0100)[0].ScheduledStationAETitle",
                "-k",
                "(0040,0100)[0].ScheduledProcedureStepStartDate",
                "-k",
                "(0040,0100)[0].ScheduledProcedureStepStartTime",
                "-k",
                "(0040,0100)[0].ScheduledProcedureStepID",
                "-k",
                "(0040,0100)[0].ScheduledProcedureStepStatus");

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<Attributes> matches = result.matches();
        assertThat(matches).hasSize(1);
        Attributes match = matches.getFirst();
        assertThat(match.getString(Tag.PatientName)).isEqualTo("DOE^JANE");
        assertThat(match.getString(Tag.PatientBirthDate)).isEqualTo("19800214");
        assertThat(match.getString(Tag.AccessionNumber)).isEqualTo("ACC-1");
        assertThat(match.getString(Tag.StudyInstanceUID))
                .isEqualTo(Step.of("ACC-1", "", "").studyInstanceUid());
        assertThat(match.getNestedDataset(Tag.RequestedProcedureCodeSequence).getString(Tag.CodeValue))
                .isEqualTo("CTCH");
        assertThat(match.contains(Tag.ReasonForTheRequestedProcedure))
                .as("unknown, so present and empty")
                .isTrue();
        assertThat(match.getString(Tag.ReasonForTheRequestedProcedure)).isNull();
        Attributes step = match.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(step.getString(Tag.Modality)).isEqualTo("CT");
        assertThat(step.getString(Tag.ScheduledStationAETitle)).isEqualTo("CT01");
        assertThat(step.getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo("20261203");
        assertThat(step.getString(Tag.ScheduledProcedureStepStartTime)).isEqualTo("093000");
        assertThat(step.getString(Tag.ScheduledProcedureStepID)).isEqualTo("SPS-ACC-1");
        assertThat(step.getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");
    }

    @Test
    void otherPatientIdsCarryTheLinkedRecordsAndTheEnterpriseIdentityAndTheAccessionNamesItsSite() throws Exception {
        long id = steps.insert(Step.of("ACC-OP", "MRN100077", "LINKED^PATIENT"));
        jdbc.sql("""
                        update scheduled_procedure_step
                           set euid = '5f0c3a9e-1d2b-4c6e-9a7f-0b1c2d3e4f50',
                               other_patient_ids = '[{"value": "W-77812", "assigningAuthority": "WESTCLINIC"}]'
                         where id = ?""").param(id).update();

        Result result = findscu(
                "MODALITY",
                "ISTHMUS_MWL",
                "-k",
                "PatientID=MRN100077",
                "-k",
                "(0010,1002)[0].PatientID",
                "-k",
                "(0010,1002)[0].IssuerOfPatientID",
                "-k",
                "(0008,0051)[0].LocalNamespaceEntityID");

        assertThat(result.exitCode()).as(result.output()).isZero();
        Attributes match = result.matches().getFirst();
        assertThat(match.getSequence(Tag.OtherPatientIDsSequence))
                .extracting(item -> item.getString(Tag.IssuerOfPatientID) + "|" + item.getString(Tag.PatientID))
                .containsExactly("WESTCLINIC|W-77812", "urn:isthmus:euid|5f0c3a9e-1d2b-4c6e-9a7f-0b1c2d3e4f50");
        assertThat(match.getNestedDataset(Tag.IssuerOfAccessionNumberSequence).getString(Tag.LocalNamespaceEntityID))
                .isEqualTo("GENHOSP");
    }

    @Test
    void patientNameWildcardsIgnoreCase() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE"));
        steps.insert(Step.of("ACC-2", "MRN100002", "DOERING^PAUL"));
        steps.insert(Step.of("ACC-3", "MRN100003", "ROE^RICHARD"));

        assertThat(accessions(findscu("MODALITY", "ISTHMUS_MWL", "-k", "PatientName=doe*", "-k", "AccessionNumber")))
                .containsExactlyInAnyOrder("ACC-1", "ACC-2");
        assertThat(accessions(findscu("MODALITY", "ISTHMUS_MWL", "-k", "PatientName=D?E^J*", "-k", "AccessionNumber")))
                .containsExactly("ACC-1");
    }

    @Test
    void dateRangeAndModalitySelectTheStationsDay() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE").at("CT", "CT01", DAY, LocalTime.of(8, 0)));
        steps.insert(
                Step.of("ACC-2", "MRN100002", "ROE^RICHARD").at("CT", "CT01", DAY.plusDays(1), LocalTime.of(8, 0)));
        steps.insert(Step.of("ACC-3", "MRN100003", "POE^EDGAR").at("MR", "MR01", DAY, LocalTime.of(8, 0)));
        steps.insert(Step.of("ACC-4", "MRN100004", "LOE^ANNA").at("CT", "CT02", DAY.minusDays(1), LocalTime.of(23, 0)));

        assertThat(accessions(findscu(
                        "MODALITY",
                        "ISTHMUS_MWL",
                        "-k",
                        "AccessionNumber",
                        "-k",
                        "(0040,0100)[0].Modality=CT",
                        "-k",
                        "(0040,0100)[0].ScheduledProcedureStepStartDate=20261202-20261203")))
                .containsExactlyInAnyOrder("ACC-1", "ACC-4");
        assertThat(accessions(findscu(
                        "MODALITY",
                        "ISTHMUS_MWL",
                        "-k",
                        "AccessionNumber",
                        "-k",
                        "(0040,0100)[0].ScheduledProcedureStepStartDate=20261202-20261203",
                        "-k",
                        "(0040,0100)[0].ScheduledProcedureStepStartTime=2200-0900")))
                .as("from 2 December 22:00 to 3 December 09:00")
                .containsExactlyInAnyOrder("ACC-1", "ACC-4", "ACC-3");
    }

    @Test
    void aConsoleWithAStationFilterSeesOnlyItsStation() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE").at("CT", "CT01", DAY, LocalTime.NOON));
        steps.insert(Step.of("ACC-2", "MRN100002", "ROE^RICHARD").at("CT", "CT02", DAY, LocalTime.NOON));

        assertThat(accessions(findscu("CT_CONSOLE", "ISTHMUS_MWL", "-k", "AccessionNumber")))
                .containsExactly("ACC-1");
        assertThat(accessions(findscu("MODALITY", "ISTHMUS_MWL", "-k", "AccessionNumber")))
                .as("an AE title without a filter sees every station")
                .containsExactlyInAnyOrder("ACC-1", "ACC-2");
    }

    @Test
    void cancelledHeldAndFinishedStepsAreNotOnTheWorklist() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE"));
        steps.insert(Step.of("ACC-2", "MRN100001", "DOE^JANE").withStatus("CANCELLED"));
        steps.insert(Step.of("ACC-3", "MRN100001", "DOE^JANE").held());
        steps.insert(Step.of("ACC-4", "MRN100001", "DOE^JANE").withStatus("COMPLETED"));
        steps.insert(Step.of("ACC-5", "MRN100001", "DOE^JANE").withStatus("IN_PROGRESS"));

        assertThat(accessions(findscu("MODALITY", "ISTHMUS_MWL", "-k", "PatientID=MRN100001", "-k", "AccessionNumber")))
                .containsExactlyInAnyOrder("ACC-1", "ACC-5");
    }

    @Test
    void aQueryWithoutMatchesEndsWithSuccessAndNothingElse() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE"));

        Result result = findscu("MODALITY", "ISTHMUS_MWL", "-k", "PatientID=NOBODY", "-k", "AccessionNumber");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Success");
        assertThat(result.matches()).isEmpty();
    }

    @Test
    void moreMatchesThanTheLimitAreRefusedOutOfResources() throws Exception {
        steps.insertMany("LIMIT", 501);

        Result result = findscu("MODALITY", "ISTHMUS_MWL", "-k", "AccessionNumber");

        assertThat(result.output()).containsPattern("(?i)out ?of ?resources|a700");
        assertThat(result.matches()).isEmpty();
    }

    @Test
    void cancelStopsTheQuery() throws Exception {
        steps.insertMany("CANCEL", 500);
        List<String> received = new ArrayList<>();
        DimseStatus status;
        try (Association association = new DicomClient(UpperLayerSettings.defaults(), null)
                .connect(
                        "127.0.0.1",
                        listener.port(),
                        AssociationProposal.builder("CANCEL_CT", "ISTHMUS_MWL")
                                .propose(Uid.ModalityWorklistInformationModelFind, Uid.ExplicitVRLittleEndian)
                                .build())) {
            Attributes query = new Attributes();
            query.setNull(Tag.PatientID, VR.LO);
            status = new DimseClient(association).find(Uid.ModalityWorklistInformationModelFind, query, match -> {
                received.add(match.getString(Tag.PatientID));
                return false; // C-CANCEL after the first match
            });
            association.release();
        }

        assertThat(status.code()).isEqualTo(Status.CANCEL);
        assertThat(received).hasSize(1);
        try (TopicReader audit = new TopicReader(AuditTopics.RECORD)) {
            String record = audit
                    .await(
                            r -> new String(r.value(), StandardCharsets.UTF_8).contains("CANCEL_CT"),
                            1,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .findFirst()
                    .orElseThrow();
            assertThat(record).contains("cancelled by the requestor");
            assertThat(record.split("GENHOSP\\|MRNCANCEL", -1).length - 1)
                    .as("the patients sent before the cancel reached the query, far fewer than the 500 matches")
                    .isBetween(1, 250);
        }
    }

    @Test
    void namesBeyondTheQueryCharacterSetComeBackInUtf8() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "Wang^XiaoDong=王^小東"));

        Result result = findscu(
                "MODALITY",
                "ISTHMUS_MWL",
                "-k",
                "SpecificCharacterSet=ISO_IR 100",
                "-k",
                "PatientID=MRN100001",
                "-k",
                "PatientName");

        Attributes match = result.matches().getFirst();
        assertThat(match.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(match.getString(Tag.PatientName)).isEqualTo("Wang^XiaoDong=王^小東");
    }

    @Test
    void aWrongCalledAeTitleIsRejected() throws Exception {
        Result result = findscu("MODALITY", "NOT_THE_MWL", "-k", "AccessionNumber");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("Called AE Title Not Recognized");
    }

    @Test
    void echoIsAnswered() throws Exception {
        Process echo = new ProcessBuilder(
                        "echoscu",
                        "-aet",
                        "MODALITY",
                        "-aec",
                        "ISTHMUS_MWL",
                        "127.0.0.1",
                        Integer.toString(listener.port()))
                .redirectErrorStream(true)
                .start();
        assertThat(echo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(echo.exitValue()).isZero();
    }

    @Test
    void eachQueryIsAuditedWithTheCallingAeAndThePatientsReturned() throws Exception {
        steps.insert(Step.of("ACC-1", "MRN100001", "DOE^JANE"));

        findscu("AUDITED_CT", "ISTHMUS_MWL", "-k", "PatientID=MRN100001", "-k", "AccessionNumber");

        try (TopicReader audit = new TopicReader(AuditTopics.RECORD)) {
            List<String> records = audit
                    .await(
                            record -> new String(record.value(), StandardCharsets.UTF_8).contains("AUDITED_CT"),
                            1,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(records).hasSize(1);
            assertThat(records.getFirst())
                    .contains("110112", "GENHOSP|MRN100001", "(0010,0020)=MRN100001", "127.0.0.1");
        }
    }

    private record Result(int exitCode, String output, List<Attributes> matches) {}

    private static List<String> accessions(Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.matches().stream()
                .map(match -> match.getString(Tag.AccessionNumber))
                .toList();
    }

    private Result findscu(String callingAe, String calledAe, String... keys) throws Exception {
        Path dir = Files.createTempDirectory(out, "rsp");
        List<String> command = new ArrayList<>(
                List.of("findscu", "-v", "-W", "-aet", callingAe, "-aec", calledAe, "-X", "-od", dir.toString()));
        command.addAll(List.of(keys));
        command.addAll(List.of("127.0.0.1", Integer.toString(listener.port())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output, read(dir));
    }

    private static List<Attributes> read(Path dir) throws IOException {
        List<Attributes> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                matches.add(Part10File.read(file).dataset());
            }
        }
        return matches;
    }
}
