package health.isthmus.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.testsupport.tls.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
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

        assertThat(serverHelloVersion(0x02))
                .as("answer to a TLS 1.1 ClientHello")
                .isNull();
        assertThat(serverHelloVersion(0x03))
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

    /**
     * Sends a hand-made ClientHello offering only one protocol version (TLS 1.1 is 3.2, TLS 1.2 is 3.3),
     * which a JDK client can no longer produce, and reads the server's answer.
     *
     * @return the ServerHello's version in hex, or {@code null} when the server answered with an alert or
     *     closed the connection
     */
    private String serverHelloVersion(int minor) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(clientHello(minor));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            try {
                in.readFully(header);
            } catch (IOException closed) {
                return null;
            }
            boolean serverHello = header[0] == 0x16 && header[5] == 0x02;
            return serverHello ? readVersion(in) : null;
        }
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

    private static String readVersion(DataInputStream in) throws IOException {
        byte[] version = new byte[2];
        in.readFully(version);
        return HexFormat.of().formatHex(version);
    }

    private static byte[] clientHello(int minor) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(minor);
        body.writeBytes(new byte[32]); // client random
        body.write(0); // no session id
        // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, renegotiation SCSV
        body.writeBytes(HexFormat.of().parseHex("0006" + "c02b" + "c009" + "00ff"));
        body.writeBytes(new byte[] {1, 0}); // null compression
        String extensions = "000a" + "0004" + "0002" + "0017" // supported groups: secp256r1
                + "000b" + "0002" + "01" + "00" // point formats: uncompressed
                + "000d" + "000a" + "0008" + "0403" + "0804" + "0401" + "0203" // signature algorithms
                + "0017" + "0000"; // extended master secret
        byte[] extensionBytes = HexFormat.of().parseHex(extensions);
        body.write(extensionBytes.length >> 8);
        body.write(extensionBytes.length);
        body.writeBytes(extensionBytes);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 0x03, 0x01});
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength);
        record.write(0x01); // ClientHello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length);
        record.writeBytes(hello);
        return record.toByteArray();
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
