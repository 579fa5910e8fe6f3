package health.isthmus.audit.syslog;

import java.io.IOException;

/** A connection to the collector. Implementations connect on first use and again after {@link #close()}. */
interface SyslogTransport extends AutoCloseable {

    /** Sends one message, framed as the transport requires. */
    void send(byte[] message) throws IOException;

    /** Pushes out whatever is buffered. */
    void flush() throws IOException;

    /** Drops the connection; the next send opens a new one. */
    @Override
    void close();
}
