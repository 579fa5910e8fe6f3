package health.isthmus.testsupport.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Asks a TLS listener whether it would speak an old protocol version: sends a hand-made ClientHello offering only
 * that version (TLS 1.1 is 3.2, TLS 1.2 is 3.3), which a JDK client can no longer produce, and reads the answer.
 * The hello offers ECDHE with ECDSA and RSA certificates, so it fits any of the project's test certificates.
 */
public final class TlsProtocolProbe {

    /** TLS 1.1's minor version. */
    public static final int TLS_1_1 = 0x02;

    /** TLS 1.2's minor version. */
    public static final int TLS_1_2 = 0x03;

    private TlsProtocolProbe() {}

    /**
     * The version of the ServerHello the listener answers a ClientHello offering only {@code 3.minor} with.
     *
     * @return the ServerHello's version in hex ({@code 0303} for TLS 1.2), or {@code null} when the listener answered
     *     with an alert or closed the connection
     */
    public static @Nullable String serverHelloVersion(String host, int port, int minor, Duration timeout)
            throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) timeout.toMillis());
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
            if (!serverHello) {
                return null;
            }
            byte[] version = new byte[2];
            in.readFully(version);
            return HexFormat.of().formatHex(version);
        }
    }

    private static byte[] clientHello(int minor) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(minor);
        body.writeBytes(new byte[32]); // client random
        body.write(0); // no session id
        // ECDHE_ECDSA and ECDHE_RSA with AES_128_GCM_SHA256 and AES_128_CBC_SHA, renegotiation SCSV
        body.writeBytes(HexFormat.of().parseHex("000a" + "c02b" + "c02f" + "c009" + "c013" + "00ff"));
        body.writeBytes(new byte[] {1, 0}); // null compression
        String extensions = "000a" + "0004" + "0002" + "0017" // supported groups: secp256r1
                + "000b" + "0002" + "01" + "00" // point formats: uncompressed
                + "000d" + "000a" + "0008" + "0403" + "0804" + "0401" + "0201" // signature algorithms
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
}
