package health.isthmus.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import health.isthmus.dicom.net.AssociateReject;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.AssociationRejectedException;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.DicomTls;
import health.isthmus.dicom.net.RefusedAssociation;
import health.isthmus.dicom.net.SecurityEventListener;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.dicom.net.UserIdentity;
import health.isthmus.dicom.net.UserIdentityDecision;
import health.isthmus.dicom.testing.PartTenFiles;
import health.isthmus.testsupport.tls.TestCertificates;
import health.isthmus.testsupport.tls.TlsProtocolProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OurScuAgainstOurScpTest {

    private static final String CT = Uid.CTImageStorage;

    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    private final Map<String, String> receivedSyntax = new ConcurrentHashMap<>();

    private AssociationPolicy.Builder policy() {
        return AssociationPolicy.builder("ISTHMUS_PACS")
                .offer(TransferCapability.scp(Uid.Verification, List.of(Uid.ImplicitVRLittleEndian)))
                .offer(TransferCapability.scp(CT, List.of(Uid.ImplicitVRLittleEndian, Uid.ExplicitVRLittleEndian)));
    }

    private DimseDispatcher dispatcher() {
        return DimseDispatcher.builder()
                .echo(EchoHandler.SUCCESS)
                .store((request, dataSet) -> {
                    ByteArrayOutputStream copy = new ByteArrayOutputStream();
                    dataSet.transferTo(copy);
                    received.put(request.sopInstanceUid(), copy.toByteArray());
                    receivedSyntax.put(request.sopInstanceUid(), request.transferSyntax());
                    return DimseStatus.SUCCESS;
                })
                .build();
    }

    private DicomServer start(AssociationPolicy policy, UpperLayerSettings settings, @Nullable DicomTls tls, int max)
            throws IOException {
        return start(policy, settings, tls, max, SecurityEventListener.NONE);
    }

    private DicomServer start(
            AssociationPolicy policy,
            UpperLayerSettings settings,
            @Nullable DicomTls tls,
            int max,
            SecurityEventListener securityEvents)
            throws IOException {
        return DicomServer.builder(policy, dispatcher())
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .settings(settings)
                .tls(tls)
                .maxAssociations(max)
                .securityEvents(securityEvents)
                .start();
    }

    /** Records what a server tells its security event listener. */
    private static final class HeardRefusals implements SecurityEventListener {
        final BlockingQueue<RefusedAssociation> associations = new LinkedBlockingQueue<>();
        final BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();

        @Override
        public void associationRefused(RefusedAssociation refused) {
            associations.add(refused);
        }

        @Override
        public void tlsHandshakeFailed(String remoteAddress, String reason) {
            handshakes.add(remoteAddress);
        }
    }

    private static AssociationProposal.Builder proposal(String called) {
        return AssociationProposal.builder("MODALITY", called)
                .propose(Uid.Verification, Uid.ImplicitVRLittleEndian)
                .propose(CT, Uid.ExplicitVRLittleEndian);
    }

    @Test
    void echoAndStoreArriveIntactAcrossManySmallPdus() throws Exception {
        byte[] dataSet = new byte[300_000];
        new Random(7).nextBytes(dataSet);
        UpperLayerSettings small = UpperLayerSettings.defaults().withMaxPduLength(4096);
        try (DicomServer server = start(policy().build(), small, null, 4)) {
            DicomClient client = new DicomClient(UpperLayerSettings.defaults().withMaxPduLength(8192), null);
            Association association = client.connect(
                    "127.0.0.1", server.port(), proposal("ISTHMUS_PACS").build());
            assertThat(association.sendPdvLimit()).isEqualTo(4096 - 6);
            DimseClient dimse = new DimseClient(association);

            assertThat(dimse.echo().code()).isEqualTo(Status.SUCCESS);
            DimseStatus stored = dimse.store(CT, "1.2.3.4", Uid.ExplicitVRLittleEndian, out -> out.write(dataSet));
            association.release();

            assertThat(stored.code()).isEqualTo(Status.SUCCESS);
            assertThat(received.get("1.2.3.4")).isEqualTo(dataSet);
            assertThat(receivedSyntax.get("1.2.3.4")).isEqualTo(Uid.ExplicitVRLittleEndian);
        }
    }

    @Test
    void aStoreTargetFailingHalfwayGetsOutOfResourcesAndTheAssociationCarriesOn(@TempDir Path dir) throws Exception {
        byte[] dataSet = new byte[200_000];
        new Random(11).nextBytes(dataSet);
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .store((request, data) -> {
                    if (request.sopInstanceUid().equals("1.2.3.1")) {
                        data.transferTo(new java.io.OutputStream() {
                            private int written;

                            @Override
                            public void write(int b) throws IOException {
                                write(new byte[] {(byte) b}, 0, 1);
                            }

                            @Override
                            public void write(byte[] bytes, int offset, int length) throws IOException {
                                written += length;
                                if (written > 50_000) {
                                    throw new IOException("disk full");
                                }
                            }
                        });
                    }
                    Attributes meta = FileMetaInformation.create(
                            request.sopClassUid(), request.sopInstanceUid(), request.transferSyntax());
                    Part10Writer.writePassThrough(
                            dir.resolve(request.sopInstanceUid()),
                            meta,
                            data,
                            request.sopInstanceUid().endsWith(".3"));
                    return DimseStatus.SUCCESS;
                })
                .build();
        try (DicomServer server = DicomServer.builder(policy().build(), dispatcher)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .settings(UpperLayerSettings.defaults().withMaxPduLength(4096))
                .start()) {
            Association association = new DicomClient(UpperLayerSettings.defaults(), null)
                    .connect(
                            "127.0.0.1", server.port(), proposal("ISTHMUS_PACS").build());
            DimseClient dimse = new DimseClient(association);

            DimseStatus failed = dimse.store(CT, "1.2.3.1", Uid.ExplicitVRLittleEndian, out -> out.write(dataSet));
            DimseStatus stored = dimse.store(CT, "1.2.3.2", Uid.ExplicitVRLittleEndian, out -> out.write(dataSet));
            DimseStatus forced = dimse.store(CT, "1.2.3.3", Uid.ExplicitVRLittleEndian, out -> out.write(dataSet));
            association.release();

            assertThat(failed.code()).isEqualTo(Status.OUT_OF_RESOURCES);
            assertThat(stored.code()).isEqualTo(Status.SUCCESS);
            assertThat(forced.code()).isEqualTo(Status.SUCCESS);
            assertThat(dir.resolve("1.2.3.1")).doesNotExist();
            for (String instance : List.of("1.2.3.2", "1.2.3.3")) {
                byte[] file = Files.readAllBytes(dir.resolve(instance));
                assertThat(Arrays.copyOfRange(file, file.length - dataSet.length, file.length))
                        .isEqualTo(dataSet);
                PartTenFiles.FileMeta meta = PartTenFiles.readMeta(dir.resolve(instance));
                assertThat(meta.sopInstanceUid()).isEqualTo(instance);
                assertThat(meta.transferSyntax()).isEqualTo(Uid.ExplicitVRLittleEndian);
                assertThat(meta.dataSetOffset()).isEqualTo(file.length - dataSet.length);
            }
        }
    }

    @Test
    void associationsRunOnPlatformThreadsUnlessVirtualThreadsAreAskedFor() throws Exception {
        Map<Boolean, Boolean> servedOnVirtual = new ConcurrentHashMap<>();
        for (boolean virtual : new boolean[] {false, true}) {
            DimseDispatcher dispatcher = DimseDispatcher.builder()
                    .echo(association -> {
                        servedOnVirtual.put(virtual, Thread.currentThread().isVirtual());
                        return DimseStatus.SUCCESS;
                    })
                    .build();
            try (DicomServer server = DicomServer.builder(policy().build(), dispatcher)
                    .port(0)
                    .bindAddress(InetAddress.getLoopbackAddress())
                    .virtualThreads(virtual)
                    .start()) {
                Association association = new DicomClient(UpperLayerSettings.defaults(), null)
                        .connect(
                                "127.0.0.1",
                                server.port(),
                                proposal("ISTHMUS_PACS").build());
                assertThat(new DimseClient(association).echo().code()).isEqualTo(Status.SUCCESS);
                association.release();
            }
        }
        assertThat(servedOnVirtual).isEqualTo(Map.of(false, false, true, true));
    }

    @Test
    void aWrongCalledAeTitleIsRejectedUnlessAnyIsAccepted() throws Exception {
        DicomClient client = new DicomClient(UpperLayerSettings.defaults(), null);
        HeardRefusals heard = new HeardRefusals();
        try (DicomServer strict = start(policy().build(), UpperLayerSettings.defaults(), null, 4, heard)) {
            assertThatThrownBy(() -> client.connect(
                            "127.0.0.1", strict.port(), proposal("SOMEONE_ELSE").build()))
                    .isInstanceOfSatisfying(
                            AssociationRejectedException.class,
                            rejected -> assertThat(rejected.reject())
                                    .isEqualTo(new AssociateReject(
                                            AssociateReject.RESULT_PERMANENT,
                                            AssociateReject.SOURCE_SERVICE_USER,
                                            AssociateReject.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED)));
            // the application hears of it, to audit it
            RefusedAssociation refused = heard.associations.poll(5, TimeUnit.SECONDS);
            assertThat(refused).isNotNull();
            assertThat(refused.callingAeTitle()).isEqualTo("MODALITY");
            assertThat(refused.calledAeTitle()).isEqualTo("SOMEONE_ELSE");
            assertThat(refused.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(refused.reason()).contains("called AE title 'SOMEONE_ELSE'");
        }
        try (DicomServer lenient =
                start(policy().acceptAnyCalledAeTitle(true).build(), UpperLayerSettings.defaults(), null, 4)) {
            Association association = client.connect(
                    "127.0.0.1", lenient.port(), proposal("SOMEONE_ELSE").build());
            assertThat(new DimseClient(association).echo().code()).isEqualTo(Status.SUCCESS);
            association.release();
        }
    }

    @Test
    void userIdentityIsHandedToTheApplicationWhichAcceptsOrRefuses() throws Exception {
        AssociationPolicy policy = policy().userIdentityVerifier((identity, request, tlsPeer) -> identity != null
                                && identity.primaryText().equals("ct1")
                                && identity.secondaryText().equals("s3cret")
                        ? UserIdentityDecision.accept()
                        : UserIdentityDecision.refuse())
                .build();
        DicomClient client = new DicomClient(UpperLayerSettings.defaults(), null);
        try (DicomServer server = start(policy, UpperLayerSettings.defaults(), null, 4)) {
            Association accepted = client.connect(
                    "127.0.0.1",
                    server.port(),
                    proposal("ISTHMUS_PACS")
                            .userIdentity(UserIdentity.usernameAndPasscode("ct1", "s3cret", true))
                            .build());
            assertThat(accepted.associateAccept().userInformation().userIdentityResponse())
                    .isNotNull();
            accepted.release();

            assertThatThrownBy(() -> client.connect(
                            "127.0.0.1",
                            server.port(),
                            proposal("ISTHMUS_PACS")
                                    .userIdentity(UserIdentity.usernameAndPasscode("ct1", "wrong", false))
                                    .build()))
                    .isInstanceOfSatisfying(
                            AssociationRejectedException.class,
                            rejected -> assertThat(rejected.reject().reason())
                                    .isEqualTo(AssociateReject.REASON_NO_REASON_GIVEN));
            assertThatThrownBy(() -> client.connect(
                            "127.0.0.1",
                            server.port(),
                            proposal("ISTHMUS_PACS")
                                    .userIdentity(UserIdentity.jwt("eyJhbGciOiJub25lIn0.e30.", false))
                                    .build()))
                    .isInstanceOf(AssociationRejectedException.class);
        }
    }

    @Test
    void associationsBeyondTheLimitAreRejectedAsTransient() throws Exception {
        DicomClient client = new DicomClient(UpperLayerSettings.defaults(), null);
        try (DicomServer server = start(policy().build(), UpperLayerSettings.defaults(), null, 1)) {
            Association first = client.connect(
                    "127.0.0.1", server.port(), proposal("ISTHMUS_PACS").build());
            assertThatThrownBy(() -> client.connect(
                            "127.0.0.1", server.port(), proposal("ISTHMUS_PACS").build()))
                    .isInstanceOfSatisfying(
                            AssociationRejectedException.class,
                            rejected -> assertThat(rejected.reject())
                                    .isEqualTo(new AssociateReject(
                                            AssociateReject.RESULT_TRANSIENT,
                                            AssociateReject.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                                            AssociateReject.REASON_LOCAL_LIMIT_EXCEEDED)));
            first.release();
            awaitIdle(server);
            Association again = client.connect(
                    "127.0.0.1", server.port(), proposal("ISTHMUS_PACS").build());
            assertThat(new DimseClient(again).echo().code()).isEqualTo(Status.SUCCESS);
            again.release();
        }
    }

    @Test
    void tlsWithAndWithoutClientCertificate(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        char[] password = TestCertificates.PASSWORD.toCharArray();
        DicomTls serverWanting = DicomTls.fromKeyStores(
                certificates.server, certificates.serverTrust, password, DicomTls.ClientAuth.WANT);
        DicomTls serverNeeding = DicomTls.fromKeyStores(
                certificates.server, certificates.serverTrust, password, DicomTls.ClientAuth.NEED);
        DicomTls clientWithCertificate = DicomTls.fromKeyStores(
                certificates.allowedClient, certificates.clientTrust, password, DicomTls.ClientAuth.NONE);
        DicomTls clientWithout =
                DicomTls.fromKeyStores(null, certificates.clientTrust, password, DicomTls.ClientAuth.NONE);
        CountDownLatch seen = new CountDownLatch(1);
        Map<String, String> peers = new ConcurrentHashMap<>();
        AssociationPolicy policy = policy().userIdentityVerifier((identity, request, tlsPeer) -> {
                    peers.put(request.callingAeTitle(), tlsPeer == null ? "none" : tlsPeer.getName());
                    seen.countDown();
                    return UserIdentityDecision.accept();
                })
                .build();

        try (DicomServer server = start(policy, UpperLayerSettings.defaults(), serverWanting, 4)) {
            Association withCertificate = new DicomClient(UpperLayerSettings.defaults(), clientWithCertificate)
                    .connect(
                            "localhost", server.port(), proposal("ISTHMUS_PACS").build());
            assertThat(new DimseClient(withCertificate).echo().code()).isEqualTo(Status.SUCCESS);
            withCertificate.release();
            assertThat(seen.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(peers.get("MODALITY")).isEqualTo(TestCertificates.ALLOWED_SUBJECT);

            Association anonymous = new DicomClient(UpperLayerSettings.defaults(), clientWithout)
                    .connect(
                            "localhost", server.port(), proposal("ISTHMUS_PACS").build());
            assertThat(new DimseClient(anonymous).echo().code()).isEqualTo(Status.SUCCESS);
            anonymous.release();
            assertThat(peers.get("MODALITY")).isEqualTo("none");

            assertThat(TlsProtocolProbe.serverHelloVersion(
                            "127.0.0.1", server.port(), TlsProtocolProbe.TLS_1_1, Duration.ofSeconds(5)))
                    .as("answer to a ClientHello offering TLS 1.1 only")
                    .isNull();
            assertThat(TlsProtocolProbe.serverHelloVersion(
                            "127.0.0.1", server.port(), TlsProtocolProbe.TLS_1_2, Duration.ofSeconds(5)))
                    .as("answer to a ClientHello offering TLS 1.2")
                    .isEqualTo("0303");
        }
        HeardRefusals heard = new HeardRefusals();
        try (DicomServer server = start(policy, UpperLayerSettings.defaults(), serverNeeding, 4, heard)) {
            assertThatThrownBy(() -> {
                        Association refused = new DicomClient(UpperLayerSettings.defaults(), clientWithout)
                                .connect(
                                        "localhost",
                                        server.port(),
                                        proposal("ISTHMUS_PACS").build());
                        new DimseClient(refused).echo();
                    })
                    .isInstanceOfAny(SSLException.class, IOException.class);
            assertThat(heard.handshakes.poll(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1");
            Association admitted = new DicomClient(UpperLayerSettings.defaults(), clientWithCertificate)
                    .connect(
                            "localhost", server.port(), proposal("ISTHMUS_PACS").build());
            assertThat(new DimseClient(admitted).echo().code()).isEqualTo(Status.SUCCESS);
            admitted.release();
        }
    }

    static void awaitIdle(DicomServer server) throws InterruptedException {
        for (int i = 0; i < 500 && server.activeAssociations() > 0; i++) {
            Thread.sleep(10);
        }
    }
}
