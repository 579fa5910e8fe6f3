package health.isthmus.testsupport.orthanc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.testsupport.dcmtk.DcmtkTools;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrthancPeerTest {

    private static final String STUDY_UID = "1.2.826.0.1.3680043.2.1125.77.1";

    @TempDir
    Path work;

    @BeforeAll
    static void orthancIsInstalled() {
        assumeTrue(OrthancPeer.installed(), "Orthanc is not installed: apt-get install orthanc orthanc-dicomweb");
    }

    @Test
    void studySentWithStorescuCanBeFoundThroughQido() throws IOException {
        Path file = ctImage("PEER-1", STUDY_UID);
        try (OrthancPeer orthanc = OrthancPeer.start(work)) {
            DcmtkTools.Result sent =
                    DcmtkTools.store(orthanc.aeTitle(), "127.0.0.1", orthanc.dicomPort(), List.of(file));
            assertThat(sent.succeeded()).as(sent.output()).isTrue();

            assertThat(orthanc.instanceCount()).isEqualTo(1);
            assertThat(orthanc.get("/dicom-web/studies?PatientID=PEER-1"))
                    .contains("\"0020000D\"")
                    .contains(STUDY_UID);
            assertThat(orthanc.get("/dicom-web/studies?PatientID=SOMEONE-ELSE")).doesNotContain(STUDY_UID);
        }
    }

    @Test
    void studyUploadedToOnePeerIsPushedToAnotherByCStore() throws IOException {
        Path file = ctImage("PEER-2", STUDY_UID);
        try (OrthancPeer target =
                        OrthancPeer.start(work, OrthancPeer.Options.defaults().aeTitle("TARGET"));
                OrthancPeer source = OrthancPeer.start(
                        work,
                        OrthancPeer.Options.defaults()
                                .modality("target", target.aeTitle(), "127.0.0.1", target.dicomPort()))) {
            OrthancPeer.UploadedInstance uploaded = source.uploadFile(file);
            assertThat(uploaded.status()).isEqualTo("Success");
            assertThat(source.studies()).containsExactly(uploaded.studyId());
            assertThat(source.studyId(STUDY_UID)).contains(uploaded.studyId());

            source.storeTo("target", uploaded.studyId());

            assertThat(target.instanceCount()).isEqualTo(1);
            assertThat(target.get("/dicom-web/studies?PatientID=PEER-2")).contains(STUDY_UID);
        }
    }

    @Test
    void pushToAModalityNobodyListensOnFails() throws IOException {
        Path file = ctImage("PEER-3", STUDY_UID);
        try (OrthancPeer source = OrthancPeer.start(
                work, OrthancPeer.Options.defaults().modality("gone", "GONE", "127.0.0.1", LoopbackPorts.free()))) {
            String study = source.uploadFile(file).studyId();
            assertThatThrownBy(() -> source.storeTo("gone", study))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("GONE");
        }
    }

    @Test
    void echoscuReachesThePeer() throws IOException {
        try (OrthancPeer orthanc = OrthancPeer.start(work)) {
            DcmtkTools.Result echo = DcmtkTools.echo(orthanc.aeTitle(), "127.0.0.1", orthanc.dicomPort());
            assertThat(echo.succeeded()).as(echo.output()).isTrue();
        }
    }

    @Test
    void peerThatCannotStartFailsWithTheEndOfItsLog() throws IOException {
        Path notADirectory = Files.writeString(work.resolve("blocker"), "a file where Orthanc wants a directory");
        OrthancPeer.Options broken = OrthancPeer.Options.defaults()
                .setting("StorageDirectory", notADirectory.resolve("storage").toString());
        assertThatThrownBy(() -> OrthancPeer.start(work, broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Orthanc ended")
                .hasMessageContaining("Not a directory");
    }

    @Test
    void portsAndAeTitleCannotBeOverriddenBehindThePeersBack() {
        assertThatThrownBy(() -> OrthancPeer.Options.defaults().setting("HttpPort", 8042))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A 16 x 16 CT slice with a ramp for pixels, written by dump2dcm. */
    private Path ctImage(String patientId, String studyUid) throws IOException {
        String sopUid = studyUid + ".1.1";
        String pixels = IntStream.range(0, 256)
                .mapToObj(i -> Integer.toHexString(i * 16))
                .collect(Collectors.joining("\\"));
        String dump = """
                (0002,0002) UI =CTImageStorage
                (0002,0003) UI [%3$s]
                (0002,0010) UI =LittleEndianExplicit
                (0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]
                (0008,0016) UI =CTImageStorage
                (0008,0018) UI [%3$s]
                (0008,0020) DA [20240101]
                (0008,0060) CS [CT]
                (0010,0010) PN [Peer^Test]
                (0010,0020) LO [%1$s]
                (0020,000d) UI [%2$s]
                (0020,000e) UI [%2$s.1]
                (0020,0013) IS [1]
                (0028,0002) US 1
                (0028,0004) CS [MONOCHROME2]
                (0028,0010) US 16
                (0028,0011) US 16
                (0028,0100) US 16
                (0028,0101) US 12
                (0028,0102) US 11
                (0028,0103) US 0
                (0028,1052) DS [-1024]
                (0028,1053) DS [1]
                (7fe0,0010) OW %4$s
                """.formatted(patientId, studyUid, sopUid, pixels);
        Path text = Files.writeString(work.resolve(patientId + ".dump"), dump, StandardCharsets.US_ASCII);
        Path file = DcmtkTools.dumpToDicom(text, work.resolve(patientId + ".dcm"));
        assertThat(Files.size(file)).isGreaterThan(16 * 16 * 2);
        return file;
    }
}
