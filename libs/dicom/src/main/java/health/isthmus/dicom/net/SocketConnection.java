package health.isthmus.dicom.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/** A connection over a (possibly TLS) socket with buffered streams and TCP_NODELAY. */
final class SocketConnection implements Connection {

    private static final int BUFFER = 64 * 1024;

    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;

    SocketConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.input = new SocketInput(socket.getInputStream(), SocketInput.BUFFER_SIZE);
        this.output = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public @Nullable Principal peerPrincipal() {
        if (socket instanceof SSLSocket ssl) {
            try {
                return ssl.getSession().getPeerPrincipal();
            } catch (SSLPeerUnverifiedException noCertificate) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that already failed
        }
    }
}
