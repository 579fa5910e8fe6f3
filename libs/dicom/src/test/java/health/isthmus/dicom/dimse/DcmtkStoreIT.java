package health.isthmus.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.dicom.net.UserIdentityDecision;
import health.isthmus.dicom.testing.Dcmtk;
import health.isthmus.dicom.testing.PartTenFiles;
import health.isthmus.dicom.testing.SyntheticImages;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-STORE against DCMTK both ways: storescu proposing each transfer syntax it can to our SCP (every received file
 * is attribute-for-attribute what was sent), and our SCU sending to storescp (every file stored reads back the same).
 */
class DcmtkStoreIT {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String SECONDARY_CAPTURE = Uid.SecondaryCaptureImageStorage;
    private static final List<String> ALL_SYNTAXES = List.of(
            Uid.ImplicitVRLittleEndian,
            Uid.ExplicitVRLittleEndian,
            Uid.ExplicitVRBigEndian,
            Uid.DeflatedExplicitVRLittleEndian,
            Uid.JPEGBaseline8Bit,
            Uid.JPEGLosslessSV1,
            Uid.RLELossless);

    @TempDir
    static Path fixtures;

    private static Path ct;
    private static Path bigEndian;
    private static Path deflated;
    private static Path jpegLossless;
    private static Path rle;
    private static Path jpegBaseline;

    @BeforeAll
    static void makeFixtures() throws Exception {
        assumeTrue(Dcmtk.available("storescu") && Dcmtk.available("storescp"), "DCMTK is not installed");
        ct = SyntheticImages.writeCt(fixtures.resolve("ct.dcm"), 1, 64, 64);
        bigEndian = convert("dcmconv", "+tb", 2, "ct-big-endian.dcm");
        deflated = convert("dcmconv", "+td", 3, "ct-deflated.dcm");
        jpegLossless = convert("dcmcjpeg", "+e1", 4, "ct-jpeg-lossless.dcm");
        rle = convert("dcmcrle", "+ff", 5, "ct-rle.dcm");
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.getRaster().setSample(x, y, 0, (x * 4 + y * 2) & 0xFF);
            }
        }
        Path jpeg = fixtures.resolve("photo.jpg");
        ImageIO.write(image, "jpg", jpeg.toFile());
        jpegBaseline = fixtures.resolve("sc-jpeg.dcm");
        Dcmtk.Result converted = Dcmtk.run(
                TOOL_TIMEOUT, "img2dcm", "-k", "PatientName=SYNTHETIC^PHOTO", jpeg.toString(), jpegBaseline.toString());
        assertThat(converted.exitCode()).as(converted.output()).isZero();
    }

    /** A CT instance of its own (instance n) converted by a DCMTK tool. */
    private static Path convert(String tool, String option, int n, String name) throws Exception {
        Path source = SyntheticImages.writeCt(fixtures.resolve("source-" + n + ".dcm"), n, 64, 64);
        Path target = fixtures.resolve(name);
        Dcmtk.Result converted = Dcmtk.run(TOOL_TIMEOUT, tool, option, source.toString(), target.toString());
        assertThat(converted.exitCode()).as(converted.output()).isZero();
        return target;
    }

    @Test
    void storescuProposingEachTransferSyntaxDeliversIdenticalInstances(@TempDir Path received) throws Exception {
        Map<String, String> syntaxByInstance = new ConcurrentHashMap<>();
        AssociationPolicy.Builder policy = AssociationPolicy.builder("ISTHMUS_PACS");
        for (String sopClass : List.of(Uid.CTImageStorage, SECONDARY_CAPTURE)) {
            policy.offer(TransferCapability.scp(sopClass, ALL_SYNTAXES));
        }
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .store((request, dataSet) -> {
                    Path file = received.resolve(request.transferSyntax() + ".dcm");
                    PartTenFiles.write(
                            file,
                            request.sopClassUid(),
                            request.sopInstanceUid(),
                            request.transferSyntax(),
                            request.callingAeTitle(),
                            dataSet,
                            false);
                    syntaxByInstance.put(request.transferSyntax(), request.sopInstanceUid());
                    return DimseStatus.SUCCESS;
                })
                .build();
        record Case(String option, Path file, String expectedSyntax) {}
        List<Case> cases = List.of(
                new Case("-xi", ct, Uid.ImplicitVRLittleEndian),
                new Case("-xe", ct, Uid.ExplicitVRLittleEndian),
                new Case("-xb", bigEndian, Uid.ExplicitVRBigEndian),
                new Case("-xd", deflated, Uid.DeflatedExplicitVRLittleEndian),
                new Case("-xs", jpegLossless, Uid.JPEGLosslessSV1),
                new Case("-xr", rle, Uid.RLELossless),
                new Case("-xy", jpegBaseline, Uid.JPEGBaseline8Bit));
        try (DicomServer server = DicomServer.builder(policy.build(), dispatcher)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .start()) {
            for (Case each : cases) {
                Dcmtk.Result sent = Dcmtk.run(
                        TOOL_TIMEOUT,
                        "storescu",
                        "-aet",
                        "MODALITY",
                        "-aec",
                        "ISTHMUS_PACS",
                        each.option(),
                        "127.0.0.1",
                        Integer.toString(server.port()),
                        each.file().toString());
                assertThat(sent.exitCode())
                        .as(each.option() + ": " + sent.output())
                        .isZero();
                Path file = received.resolve(each.expectedSyntax() + ".dcm");
                assertThat(file)
                        .as(each.option() + " arrives in " + each.expectedSyntax())
                        .exists();
                assertThat(Dcmtk.dataSetDump(file))
                        .as(each.option())
                        .isNotEmpty()
                        .isEqualTo(Dcmtk.dataSetDump(each.file()));
            }
        }
    }

    @Test
    void userIdentityFromStorescuIsAcceptedOrRefusedByTheApplication(@TempDir Path dir) throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdDEifQ.c2lnbmF0dXJl";
        Path token = Files.writeString(dir.resolve("token.jwt"), jwt);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        AssociationPolicy policy = AssociationPolicy.builder("ISTHMUS_PACS")
                .offer(TransferCapability.scp(Uid.CTImageStorage, ALL_SYNTAXES))
                .userIdentityVerifier((identity, request, peer) -> {
                    seen.add(String.valueOf(identity));
                    boolean good = identity != null
                            && switch (identity.type()) {
                                case USERNAME_AND_PASSCODE ->
                                    identity.primaryText().equals("ct1")
                                            && identity.secondaryText().equals("s3cret");
                                case JWT -> identity.primaryText().strip().equals(jwt);
                                default -> false;
                            };
                    return good ? UserIdentityDecision.accept() : UserIdentityDecision.refuse();
                })
                .build();
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .store((request, dataSet) -> {
                    dataSet.transferTo(java.io.OutputStream.nullOutputStream());
                    return DimseStatus.SUCCESS;
                })
                .build();
        try (DicomServer server = DicomServer.builder(policy, dispatcher)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .start()) {
            String port = Integer.toString(server.port());
            assertThat(storescu(port, "--user", "ct1", "--password", "s3cret").exitCode())
                    .isZero();
            Dcmtk.Result refused = storescu(port, "--user", "ct1", "--password", "guess");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).containsIgnoringCase("Association Rejected");
            assertThat(storescu(port, "--jwt", token.toString()).exitCode()).isZero();
            assertThat(storescu(port).exitCode()).as("no identity at all").isNotZero();
            assertThat(seen)
                    .containsExactly(
                            "UserIdentity[USERNAME_AND_PASSCODE, ct1]",
                            "UserIdentity[USERNAME_AND_PASSCODE, ct1]",
                            "UserIdentity[JWT, " + jwt.length() + " bytes]",
                            "null");
        }
    }

    private static Dcmtk.Result storescu(String port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "ISTHMUS_PACS"));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1", port, ct.toString()));
        return Dcmtk.run(TOOL_TIMEOUT, command.toArray(String[]::new));
    }

    @Test
    void ourScuStoresIntoStorescpAndEchoesIt(@TempDir Path stored) throws Exception {
        int port = LoopbackPorts.free();
        Path log = fixtures.resolve("storescp.log");
        Process storescp = Dcmtk.start(
                log, "storescp", "-aet", "STORESCP", "+xa", "-od", stored.toString(), Integer.toString(port));
        try {
            Dcmtk.awaitPort(port, Duration.ofSeconds(10));
            List<Path> sources = List.of(ct, jpegLossless, rle);
            AssociationProposal.Builder proposal = AssociationProposal.builder("ISTHMUS_PACS", "STORESCP")
                    .propose(Uid.Verification, Uid.ImplicitVRLittleEndian);
            for (Path source : sources) {
                proposal.propose(
                        Uid.CTImageStorage, PartTenFiles.readMeta(source).transferSyntax());
            }
            Association association =
                    new DicomClient(UpperLayerSettings.defaults(), null).connect("127.0.0.1", port, proposal.build());
            DimseClient dimse = new DimseClient(association);
            assertThat(dimse.echo().code()).isEqualTo(Status.SUCCESS);
            List<String> instances = new ArrayList<>();
            for (Path source : sources) {
                PartTenFiles.FileMeta meta = PartTenFiles.readMeta(source);
                DimseStatus status =
                        dimse.store(meta.sopClassUid(), meta.sopInstanceUid(), meta.transferSyntax(), out -> {
                            try (InputStream in = Files.newInputStream(source)) {
                                in.skipNBytes(meta.dataSetOffset());
                                in.transferTo(out);
                            }
                        });
                assertThat(status.code()).isEqualTo(Status.SUCCESS);
                instances.add(meta.sopInstanceUid());
            }
            association.release();

            for (int i = 0; i < instances.size(); i++) {
                Path storedFile;
                try (Stream<Path> files = Files.list(stored)) {
                    String uid = instances.get(i);
                    storedFile = files.filter(
                                    file -> file.getFileName().toString().endsWith(uid))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("storescp did not store " + uid));
                }
                assertThat(Dcmtk.dataSetDump(storedFile)).isEqualTo(Dcmtk.dataSetDump(sources.get(i)));
            }
        } finally {
            Dcmtk.stop(storescp);
        }
    }
}
