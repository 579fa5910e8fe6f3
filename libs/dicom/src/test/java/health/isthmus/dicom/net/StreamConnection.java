package health.isthmus.dicom.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/** A connection fed from bytes, recording what the association writes back. */
final class StreamConnection implements Connection {

    private final InputStream input;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean closed;

    StreamConnection(byte[] input) {
        this.input = new ByteArrayInputStream(input);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return written;
    }

    @Override
    public void readTimeout(int millis) {}

    @Override
    public String remoteAddress() {
        return "bytes";
    }

    @Override
    public @Nullable Principal peerPrincipal() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
    }
}
