package health.isthmus.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.dicom.testing.Dcmtk;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DCMTK findscu (worklist and study root) against our C-FIND SCP: pending responses, and a cancelled query. */
class DcmtkFindIT {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, Attributes> lastIdentifier = new ConcurrentHashMap<>();
    private static final AtomicBoolean cancelSeen = new AtomicBoolean();
    private static DicomServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Dcmtk.available("findscu"), "DCMTK is not installed");
        AssociationPolicy policy = AssociationPolicy.builder("ISTHMUS_MWL")
                .offer(TransferCapability.scp(
                        Uid.ModalityWorklistInformationModelFind,
                        List.of(Uid.ExplicitVRLittleEndian, Uid.ImplicitVRLittleEndian)))
                .offer(TransferCapability.scp(
                        Uid.StudyRootQueryRetrieveInformationModelFind,
                        List.of(Uid.ExplicitVRLittleEndian, Uid.ImplicitVRLittleEndian)))
                .build();
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .find(Uid.ModalityWorklistInformationModelFind, (request, identifier, responder) -> {
                    lastIdentifier.put("worklist", identifier);
                    Attributes step = identifier.getNestedDataset(Tag.ScheduledProcedureStepSequence);
                    String modality = step == null ? "" : step.getString(Tag.Modality, "");
                    int count = modality.equals("MR") ? 200 : 3;
                    for (int i = 1; i <= count && !responder.cancelled(); i++) {
                        Attributes match = new Attributes();
                        match.setString(Tag.AccessionNumber, VR.SH, "ACC" + i);
                        match.setString(Tag.PatientName, VR.PN, "SYNTHETIC^PATIENT" + i);
                        match.setString(Tag.PatientID, VR.LO, "SYN-" + i);
                        Attributes scheduled = new Attributes();
                        scheduled.setString(Tag.Modality, VR.CS, modality.isEmpty() ? "CT" : modality);
                        scheduled.setString(Tag.ScheduledStationAETitle, VR.AE, "MODALITY");
                        match.newSequence(Tag.ScheduledProcedureStepSequence).add(scheduled);
                        responder.pending(match);
                        if (count > 3) {
                            // a slow archive: gives the requestor's C-CANCEL time to arrive mid-query
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException interrupted) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                    cancelSeen.set(responder.cancelled());
                })
                .find(Uid.StudyRootQueryRetrieveInformationModelFind, (request, identifier, responder) -> {
                    lastIdentifier.put("study", identifier);
                    for (int i = 1; i <= 2; i++) {
                        Attributes match = new Attributes();
                        match.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
                        match.setString(Tag.StudyInstanceUID, VR.UI, "2.25.5000." + i);
                        match.setString(Tag.PatientName, VR.PN, "SYNTHETIC^STUDY" + i);
                        responder.pending(match);
                    }
                })
                .build();
        server = DicomServer.builder(policy, dispatcher)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Dcmtk.Result findscu(Path out, String... options) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("findscu", "-aet", "MODALITY", "-aec", "ISTHMUS_MWL", "-X", "-od", out.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1", Integer.toString(server.port())));
        return Dcmtk.run(TOOL_TIMEOUT, command.toArray(String[]::new));
    }

    private static List<Attributes> responses(Path dir) throws Exception {
        List<Attributes> responses = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                responses.add(Part10File.read(file).dataset());
            }
        }
        return responses;
    }

    @Test
    void worklistQueryGetsEveryMatch(@TempDir Path out) throws Exception {
        Dcmtk.Result result = findscu(
                out,
                "-W",
                "-k",
                "AccessionNumber",
                "-k",
                "PatientName",
                "-k",
                "(0040,0100)[0].Modality=CT",
                "-k",
                "(0040,0100)[0].ScheduledStationAETitle");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(responses(out))
                .extracting(match -> match.getString(Tag.AccessionNumber))
                .containsExactly("ACC1", "ACC2", "ACC3");
        assertThat(responses(out)
                        .get(0)
                        .getNestedDataset(Tag.ScheduledProcedureStepSequence)
                        .getString(Tag.ScheduledStationAETitle))
                .isEqualTo("MODALITY");
        Attributes identifier = lastIdentifier.get("worklist");
        assertThat(identifier
                        .getNestedDataset(Tag.ScheduledProcedureStepSequence)
                        .getString(Tag.Modality))
                .isEqualTo("CT");
    }

    @Test
    void studyRootQueryGetsEveryMatch(@TempDir Path out) throws Exception {
        Dcmtk.Result result = findscu(
                out, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "-k", "PatientName=SYN*");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(responses(out))
                .extracting(match -> match.getString(Tag.StudyInstanceUID))
                .containsExactly("2.25.5000.1", "2.25.5000.2");
        assertThat(lastIdentifier.get("study").getString(Tag.PatientName)).isEqualTo("SYN*");
    }

    @Test
    void aCancelledQueryStopsTheHandlerAndEndsTheQuery(@TempDir Path out) throws Exception {
        Dcmtk.Result result =
                findscu(out, "-v", "-W", "--cancel", "3", "-k", "AccessionNumber", "-k", "(0040,0100)[0].Modality=MR");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Cancel");
        assertThat(responses(out).size()).isBetween(3, 199);
        assertThat(cancelSeen).isTrue();
    }
}
