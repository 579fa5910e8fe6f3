package health.isthmus.hl7.mllp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A blocking MLLP client on one connection: send a message, wait for its reply. */
public final class MllpClient implements AutoCloseable {

    private static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MllpClient(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
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
