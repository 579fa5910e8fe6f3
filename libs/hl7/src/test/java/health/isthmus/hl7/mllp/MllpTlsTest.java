package health.isthmus.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.testsupport.tls.TestCertificates;
import health.isthmus.testsupport.tls.TlsProtocolProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MllpTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final char[] PASSWORD = TestCertificates.PASSWORD.toCharArray();

    @TempDir
    static Path dir;

    static TestCertificates certificates;

    private final List<MllpPeer> handled = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> refusals = new LinkedBlockingQueue<>();
    private MllpServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientOnTheFingerprintAllowlistGetsItsReplyAndIsKnownByItsSubject() throws Exception {
        String keytoolStyle = colonSeparated(
                MllpClientAllowlist.fingerprint(TestCertificates.certificate(certificates.allowedClient)));
        start(MllpClientAuth.NEED, MllpClientAllowlist.of(List.of(keytoolStyle), List.of()));

        assertThat(exchange(client(certificates.allowedClient), "hello")).isEqualTo("ACK:hello");
        assertThat(handled)
                .singleElement()
                .satisfies(peer -> assertThat(peer.clientSubject()).isEqualTo(TestCertificates.ALLOWED_SUBJECT));
    }

    @Test
    void clientOnTheSubjectAllowlistGetsItsReply() throws Exception {
        start(
                MllpClientAuth.NEED,
                MllpClientAllowlist.of(List.of(), List.of("CN=his-genhosp, OU=Interfaces, O=Isthmus Test")));

        assertThat(exchange(client(certificates.allowedClient), "one")).isEqualTo("ACK:one");
    }

    @Test
    void manyMessagesOnOneTlsConnectionAreAnsweredInOrder() throws Exception {
        start(MllpClientAuth.NEED, MllpClientAllowlist.open());

        try (MllpClient client =
                new MllpClient("127.0.0.1", server.port(), TIMEOUT, client(certificates.otherClient))) {
            for (int i = 0; i < 20; i++) {
                assertThat(new String(
                                client.exchange(("m" + i).getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                        .isEqualTo("ACK:m" + i);
            }
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenOneIsNeeded() throws Exception {
        start(MllpClientAuth.NEED, MllpClientAllowlist.open());

        assertThatThrownBy(() -> exchange(client(null), "hello")).isInstanceOf(IOException.class);
        assertThat(handled).isEmpty();
    }

    @Test
    void trustedClientNotOnTheAllowlistIsDisconnectedBeforeAnyMessageIsRead() throws Exception {
        start(
                MllpClientAuth.NEED,
                MllpClientAllowlist.of(
                        List.of(MllpClientAllowlist.fingerprint(
                                TestCertificates.certificate(certificates.allowedClient))),
                        List.of(TestCertificates.ALLOWED_SUBJECT)));

        assertThatThrownBy(() -> exchange(client(certificates.otherClient), "hello"))
                .isInstanceOf(IOException.class);
        assertThat(handled).isEmpty();
        // the application hears of it, to audit it
        assertThat(refusals.poll(5, TimeUnit.SECONDS))
                .startsWith("127.0.0.1 client certificate ")
                .endsWith(" is not on the allowlist");
    }

    @Test
    void clientWhoseCertificateIsNotTrustedIsRefused() throws Exception {
        start(MllpClientAuth.NEED, MllpClientAllowlist.open());

        assertThatThrownBy(() -> exchange(client(certificates.strangerClient), "hello"))
                .isInstanceOf(IOException.class);
        assertThat(handled).isEmpty();
        assertThat(refusals.poll(5, TimeUnit.SECONDS)).startsWith("127.0.0.1 handshake failed");
    }

    @Test
    void clientWithoutCertificateIsServedWhenOneIsOnlyWantedAndNoAllowlistIsSet() throws Exception {
        start(MllpClientAuth.WANT, MllpClientAllowlist.open());

        assertThat(exchange(client(null), "hello")).isEqualTo("ACK:hello");
        assertThat(handled)
                .singleElement()
                .satisfies(peer -> assertThat(peer.clientSubject()).isNull());
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenOneIsOnlyWantedButAnAllowlistIsSet() throws Exception {
        start(MllpClientAuth.WANT, MllpClientAllowlist.of(List.of(), List.of(TestCertificates.ALLOWED_SUBJECT)));

        assertThatThrownBy(() -> exchange(client(null), "hello")).isInstanceOf(IOException.class);
        assertThat(handled).isEmpty();
    }

    @Test
    void tls11ClientIsRefusedWhileTls12IsAccepted() throws Exception {
        start(MllpClientAuth.NEED, MllpClientAllowlist.open());

        assertThat(serverHelloVersion(TlsProtocolProbe.TLS_1_1))
                .as("answer to a TLS 1.1 ClientHello")
                .isNull();
        assertThat(serverHelloVersion(TlsProtocolProbe.TLS_1_2))
                .as("answer to a TLS 1.2 ClientHello")
                .isEqualTo("0303");
        assertThat(handled).isEmpty();
    }

    @Test
    void failedHandshakesAndSilentConnectionsDoNotStopTheListener() throws Exception {
        start(MllpClientAuth.NEED, MllpClientAllowlist.open());

        try (Socket silent = new Socket("127.0.0.1", server.port());
                Socket plainText = new Socket("127.0.0.1", server.port())) {
            MllpFrames.write(plainText.getOutputStream(), "MSH|^~\\&|".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = readUntilClosed(plainText);
            assertThat(answer.length == 0 || answer[0] != MllpFrames.START_BLOCK)
                    .as("no MLLP reply to plain text")
                    .isTrue();
            assertThatThrownBy(() -> exchange(client(null), "hello")).isInstanceOf(IOException.class);

            // the silent connection is still in its handshake while this one is served
            assertThat(exchange(client(certificates.allowedClient), "still there"))
                    .isEqualTo("ACK:still there");
            assertThat(handled).hasSize(1);
        }
    }

    @Test
    void onlyTls12AndTls13CanBeConfigured() throws Exception {
        assertThatThrownBy(() -> MllpTls.builder().protocols("TLSv1.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MllpTls.builder().protocols("TLSv1.3", "TLSv1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MllpTls.builder().protocols("TLSv1.3").build().protocols()).containsExactly("TLSv1.3");
    }

    @Test
    void aListenerNeedsAKeyStore() throws Exception {
        MllpTls withoutKeys = MllpTls.builder().build();

        assertThatThrownBy(withoutKeys::serverSocketFactory).isInstanceOf(IllegalStateException.class);
    }

    private void start(MllpClientAuth clientAuth, MllpClientAllowlist allowlist) throws Exception {
        MllpTls tls = MllpTls.builder()
                .keyStore(certificates.server, PASSWORD, "PKCS12")
                .trustStore(certificates.serverTrust, PASSWORD, "PKCS12")
                .clientAuth(clientAuth)
                .allowlist(allowlist)
                .build();
        MllpHandler echo = (message, peer) -> {
            handled.add(peer);
            return ("ACK:" + new String(message, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        };
        server = new MllpServer(
                new MllpServerSettings(0, "127.0.0.1", 1024, TIMEOUT, 8),
                echo,
                tls,
                (address, reason) -> refusals.add(address + " " + reason));
        server.start();
    }

    private static SSLSocketFactory client(Path keyStore) throws IOException, GeneralSecurityException {
        MllpTls.Builder builder = MllpTls.builder().trustStore(certificates.clientTrust, PASSWORD, "PKCS12");
        if (keyStore != null) {
            builder.keyStore(keyStore, PASSWORD, "PKCS12");
        }
        return builder.build().clientSocketFactory();
    }

    private String exchange(SSLSocketFactory tls, String message) throws IOException {
        try (MllpClient client = new MllpClient("127.0.0.1", server.port(), TIMEOUT, tls)) {
            return new String(client.exchange(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    private String serverHelloVersion(int minor) throws IOException {
        return TlsProtocolProbe.serverHelloVersion("127.0.0.1", server.port(), minor, TIMEOUT);
    }

    private static byte[] readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) != -1) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed with our bytes unread
        }
        return received.toByteArray();
    }

    private static String colonSeparated(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
