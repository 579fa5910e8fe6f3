package health.isthmus.hl7ingest.intake.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.hl7.mllp.MllpClient;
import health.isthmus.hl7.mllp.MllpClientAllowlist;
import health.isthmus.hl7.mllp.MllpTls;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.testsupport.tls.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        properties = {
            "isthmus.hl7-ingest.mllp.port=0",
            "isthmus.hl7-ingest.tls.enabled=true",
            "isthmus.hl7-ingest.tls.port=0",
            "isthmus.hl7-ingest.tls.client-auth=need",
            "isthmus.hl7-ingest.senders.accept-unknown=true"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class MllpTlsIntakeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final char[] PASSWORD = TestCertificates.PASSWORD.toCharArray();

    private static Path dir;
    private static TestCertificates certificates;

    @Autowired
    MllpTlsIntakeListener listener;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("mllp-tls-it");
        certificates = TestCertificates.create(dir);
        registry.add("isthmus.hl7-ingest.tls.key-store.path", certificates.server::toString);
        registry.add("isthmus.hl7-ingest.tls.key-store.password", () -> TestCertificates.PASSWORD);
        registry.add("isthmus.hl7-ingest.tls.trust-store.path", certificates.serverTrust::toString);
        registry.add("isthmus.hl7-ingest.tls.trust-store.password", () -> TestCertificates.PASSWORD);
        String allowed = TestCertificates.fingerprint(certificates.allowedClient);
        registry.add("isthmus.hl7-ingest.tls.allowed-client-fingerprints[0]", () -> allowed);
    }

    @AfterAll
    static void deleteKeyStores() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void registrationFromAnAllowedClientIsAcknowledgedAndStored() throws Exception {
        String ack = send(client(certificates.allowedClient), fixture("adt_a04_register.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-A04-0001");
        assertThat(storedCount("MSG-A04-0001")).isEqualTo(1);
    }

    @Test
    void clientWithoutCertificateGetsNoAcknowledgmentAndNothingIsStored() throws Exception {
        byte[] message = withControlId(fixture("adt_a04_register.hl7"), "MSG-TLS-NOCERT");

        assertThatThrownBy(() -> send(client(null), message)).isInstanceOf(IOException.class);
        assertThat(storedCount("MSG-TLS-NOCERT")).isZero();
    }

    @Test
    void trustedClientNotOnTheAllowlistGetsNoAcknowledgmentAndNothingIsStored() throws Exception {
        byte[] message = withControlId(fixture("adt_a04_register.hl7"), "MSG-TLS-NOTALLOWED");

        assertThatThrownBy(() -> send(client(certificates.otherClient), message))
                .isInstanceOf(IOException.class);
        assertThat(storedCount("MSG-TLS-NOTALLOWED")).isZero();
        // one Security Alert in the outbox, naming the refused certificate by its fingerprint
        String refused = MllpClientAllowlist.fingerprint(TestCertificates.certificate(certificates.otherClient));
        long alerts = 0;
        for (int i = 0; i < 100 && alerts == 0; i++) {
            Thread.sleep(100);
            alerts = jdbc.sql("select count(*) from outbox_event where topic = 'audit.record.v1'"
                            + " and payload like '%110113%' and payload like ?")
                    .param("%" + refused + "%")
                    .query(Long.class)
                    .single();
        }
        assertThat(alerts).isEqualTo(1);
    }

    private static SSLSocketFactory client(Path keyStore) throws Exception {
        MllpTls.Builder builder = MllpTls.builder().trustStore(certificates.clientTrust, PASSWORD, "PKCS12");
        if (keyStore != null) {
            builder.keyStore(keyStore, PASSWORD, "PKCS12");
        }
        return builder.build().clientSocketFactory();
    }

    private String send(SSLSocketFactory tls, byte[] message) throws IOException {
        try (MllpClient client = new MllpClient("127.0.0.1", listener.port(), TIMEOUT, tls)) {
            return new String(client.exchange(message), StandardCharsets.UTF_8);
        }
    }

    private int storedCount(String controlId) {
        return jdbc.sql("select count(*) from hl7_message where control_id = ?")
                .param(controlId)
                .query(Integer.class)
                .single();
    }

    private static byte[] withControlId(byte[] message, String controlId) {
        return new String(message, StandardCharsets.UTF_8)
                .replace("MSG-A04-0001", controlId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String segment(String message, String name) {
        for (String segment : message.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment;
            }
        }
        return "";
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = MllpTlsIntakeIT.class.getResourceAsStream("/hl7/" + name)) {
            return in.readAllBytes();
        }
    }
}
