package health.isthmus.worklist.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseClient;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.DicomTls;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.testsupport.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The listener configured for DICOM TLS with client certificates: a modality with one is served, plain TCP is not. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.worklist.dicom.port=0")
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class DicomTlsIT {

    private static TestCertificates certificates;

    @Autowired
    DicomListener listener;

    @Autowired
    JsonMapper json;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry properties) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "tls-it"));
        certificates = TestCertificates.create(Files.createTempDirectory(dir, "certificates"));
        properties.add("isthmus.worklist.dicom.tls.key-store", () -> certificates.server.toString());
        properties.add("isthmus.worklist.dicom.tls.trust-store", () -> certificates.serverTrust.toString());
        properties.add("isthmus.worklist.dicom.tls.password", () -> TestCertificates.PASSWORD);
    }

    private Association connect(DicomTls tls) throws Exception {
        return new DicomClient(UpperLayerSettings.defaults(), tls)
                .connect(
                        "127.0.0.1",
                        listener.port(),
                        AssociationProposal.builder("CT01", "ISTHMUS_MWL")
                                .propose(Uid.Verification, Uid.ImplicitVRLittleEndian)
                                .build());
    }

    @Test
    void aModalityWithItsCertificateIsServed() throws Exception {
        DicomTls client = DicomTls.fromKeyStores(
                certificates.allowedClient,
                certificates.clientTrust,
                TestCertificates.PASSWORD.toCharArray(),
                DicomTls.ClientAuth.NONE);
        try (Association association = connect(client)) {
            assertThat(new DimseClient(association).echo().code()).isEqualTo(Status.SUCCESS);
            association.release();
        }
    }

    @Test
    void plainTcpIsNotServedAndTheFailedHandshakeIsASecurityAlert() {
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(Exception.class);

        try (TopicReader topic = new TopicReader(AuditTopics.RECORD)) {
            assertThat(topic.await(
                            record -> {
                                AuditEventRecorded audit = json.readValue(record.value(), AuditEventRecorded.class);
                                return audit.event().equals(AuditCodes.SECURITY_ALERT)
                                        && audit.eventTypes().contains(AuditCodes.NODE_AUTHENTICATION)
                                        && "127.0.0.1"
                                                .equals(audit.participants()
                                                        .getFirst()
                                                        .networkAccessPoint());
                            },
                            1,
                            Duration.ofSeconds(30)))
                    .hasSize(1);
        }
    }
}
