package health.isthmus.dicom.net;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered socket input for PDUs: small reads (PDU and PDV headers, commands) come from a buffer, while a read
 * of at least half the buffer size finding it empty goes straight from the socket into the caller's array, so
 * data set bytes are copied once on their way to a file. Unlike {@link java.io.BufferedInputStream} it never
 * asks the socket how much is available.
 */
final class SocketInput extends InputStream {

    /** The buffer size of a connection's input. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream socket;
    private final byte[] buffer;
    private int position;
    private int limit;

    SocketInput(InputStream socket, int size) {
        this.socket = socket;
        this.buffer = new byte[size];
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int buffered = limit - position;
        if (buffered > 0) {
            int count = Math.min(buffered, length);
            System.arraycopy(buffer, position, target, offset, count);
            position += count;
            return count;
        }
        if (length >= buffer.length / 2) {
            return socket.read(target, offset, length);
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(limit - position, length);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    /**
     * Makes bytes available in the buffer, reading the socket once if it is empty, and returns how many of them (at
     * most {@code max}) the caller may take from {@link #buffer()} at {@link #position()}, or -1 at end of stream.
     * The caller marks what it used with {@link #consume(int)}. This is how a pass-through copy hands the bytes
     * from the socket to a file without copying them once more.
     */
    int buffered(int max) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return Math.min(max, limit - position);
    }

    byte[] buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    void consume(int count) {
        if (count < 0 || count > limit - position) {
            throw new IllegalArgumentException(count + " bytes consumed, " + (limit - position) + " buffered");
        }
        position += count;
    }

    @Override
    public int available() {
        return limit - position;
    }

    private boolean fill() throws IOException {
        int read = socket.read(buffer, 0, buffer.length);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
