package health.isthmus.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/** The transport under an association: a TCP or TLS socket, or in tests a pair of streams. */
interface Connection extends AutoCloseable {

    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** Bounds every following read; 0 waits for ever. */
    void readTimeout(int millis) throws IOException;

    /** The peer's address, for logs. */
    String remoteAddress();

    /** The peer's TLS certificate subject, when it presented one. */
    @Nullable
    Principal peerPrincipal();

    @Override
    void close();
}
