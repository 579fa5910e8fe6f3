package health.isthmus.hl7.mllp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking MLLP client on one connection: send a message, wait for its reply. Plain TCP, or TLS when
 * given an {@link SSLSocketFactory} (for example {@link MllpTls#clientSocketFactory()}).
 */
public final class MllpClient implements AutoCloseable {

    private static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MllpClient(String host, int port, Duration timeout) throws IOException {
        socket = connect(host, port, timeout);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * A TLS client: TLS 1.2 or 1.3 only, the server's certificate must be trusted and name {@code host}
     * (DNS name or IP address in its subject alternative names). The handshake completes before this returns.
     *
     * @throws javax.net.ssl.SSLException when the handshake fails
     */
    public MllpClient(String host, int port, Duration timeout, SSLSocketFactory tls) throws IOException {
        Socket plain = connect(host, port, timeout);
        try {
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setProtocols(Arrays.stream(secure.getSupportedProtocols())
                    .filter(MllpTls.PROTOCOLS::contains)
                    .toArray(String[]::new));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            socket = secure;
            in = new BufferedInputStream(secure.getInputStream());
            out = secure.getOutputStream();
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static Socket connect(String host, int port, Duration timeout) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            plain.setTcpNoDelay(true);
            return plain;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /** Sends one message and returns the reply's bytes. */
    public byte[] exchange(byte[] message) throws IOException {
        MllpFrames.write(out, message);
        byte[] reply = MllpFrames.read(in, MAX_REPLY_BYTES);
        if (reply == null) {
            throw new MllpFrameException("connection closed without a reply");
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
