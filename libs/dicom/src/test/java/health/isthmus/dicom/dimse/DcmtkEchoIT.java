package health.isthmus.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.DicomTls;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.dicom.testing.Dcmtk;
import health.isthmus.dicom.testing.PemFiles;
import health.isthmus.testsupport.tls.TestCertificates;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DCMTK echoscu against our Verification SCP: AE title checks and TLS with client certificates. */
class DcmtkEchoIT {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    @BeforeAll
    static void dcmtkIsInstalled() {
        assumeTrue(Dcmtk.available("echoscu"), "DCMTK is not installed");
    }

    private static DicomServer server(@Nullable DicomTls tls) throws Exception {
        AssociationPolicy policy = AssociationPolicy.builder("ISTHMUS_PACS")
                .offer(TransferCapability.scp(Uid.Verification, List.of(Uid.ImplicitVRLittleEndian)))
                .build();
        return DicomServer.builder(
                        policy,
                        DimseDispatcher.builder().echo(EchoHandler.SUCCESS).build())
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .tls(tls)
                .start();
    }

    private static Dcmtk.Result echoscu(int port, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("echoscu", "-aet", "MODALITY"));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1", Integer.toString(port)));
        return Dcmtk.run(TOOL_TIMEOUT, command.toArray(String[]::new));
    }

    @Test
    void echoscuIsAnsweredAndAWrongCalledAeTitleIsRejected() throws Exception {
        try (DicomServer server = server(null)) {
            assertThat(echoscu(server.port(), "-aec", "ISTHMUS_PACS").exitCode())
                    .isZero();

            Dcmtk.Result wrong = echoscu(server.port(), "-aec", "NOT_US");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.output()).containsIgnoringCase("Called AE Title Not Recognized");
        }
    }

    @Test
    void echoscuOverTlsWithAClientCertificate(@TempDir Path dir) throws Exception {
        assumeTrue(Dcmtk.run(TOOL_TIMEOUT, "echoscu", "--help").output().contains("+tls"), "DCMTK without TLS");
        TestCertificates certificates = TestCertificates.create(dir);
        Path clientKey = PemFiles.export(certificates.allowedClient, dir, "client");
        PemFiles.export(certificates.server, dir, "server");
        PemFiles.export(certificates.strangerClient, dir, "stranger");
        DicomTls tls = DicomTls.fromKeyStores(
                certificates.server,
                certificates.serverTrust,
                TestCertificates.PASSWORD.toCharArray(),
                DicomTls.ClientAuth.NEED);
        try (DicomServer server = server(tls)) {
            Dcmtk.Result trusted = echoscu(
                    server.port(),
                    "-aec",
                    "ISTHMUS_PACS",
                    "+tls",
                    clientKey.toString(),
                    dir.resolve("client.pem").toString(),
                    "-pw",
                    "+cf",
                    dir.resolve("server.pem").toString());
            assertThat(trusted.exitCode()).as(trusted.output()).isZero();

            Dcmtk.Result stranger = echoscu(
                    server.port(),
                    "-aec",
                    "ISTHMUS_PACS",
                    "+tls",
                    dir.resolve("stranger.key").toString(),
                    dir.resolve("stranger.pem").toString(),
                    "-pw",
                    "+cf",
                    dir.resolve("server.pem").toString());
            assertThat(stranger.exitCode()).isNotZero();
        }
    }
}
