package health.isthmus.dicomweb.stow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a MIME multipart body (RFC 2046 5.1) part by part as it arrives: each part's content is a stream that ends at
 * the next delimiter, so a part of any size passes through a fixed buffer. Part headers are limited in size; a body
 * that ends before the close delimiter is malformed.
 */
final class MultipartRelatedReader {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private boolean endOfInput;
    private boolean finished;
    private @Nullable PartInput current;

    /** A part: its headers (names lower-case) and its content. */
    record Part(Map<String, String> headers, InputStream content) {

        @Nullable
        String contentType() {
            return headers.get("content-type");
        }
    }

    MultipartRelatedReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // the first delimiter may open the body without a preceding line break: read as if there were one
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The next part, or null after the close delimiter. Unread content of the previous part is skipped. */
    @Nullable
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.skipRest();
        }
        // after a delimiter: "--" closes the multipart, otherwise optional whitespace and CRLF open a part
        require(2);
        if (buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            return null;
        }
        while (true) {
            require(1);
            byte b = buffer[position];
            if (b == ' ' || b == '\t') {
                position++;
            } else {
                break;
            }
        }
        expectLineBreak();
        Map<String, String> headers = readHeaders();
        current = new PartInput();
        return new Part(headers, current);
    }

    private void skipPreamble() throws IOException {
        PartInput preamble = new PartInput();
        preamble.skipRest();
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int consumed = 0;
        while (true) {
            String line = readLine();
            consumed += line.length() + 2;
            if (consumed > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedMultipartException("malformed part header line");
            }
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            require(1);
            byte b = buffer[position++];
            if (b == '\r') {
                require(1);
                if (buffer[position] != '\n') {
                    throw new MalformedMultipartException("bare CR in part headers");
                }
                position++;
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("part header line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.append((char) (b & 0xFF));
        }
    }

    private void expectLineBreak() throws IOException {
        require(2);
        if (buffer[position] != '\r' || buffer[position + 1] != '\n') {
            throw new MalformedMultipartException("no line break after a boundary delimiter");
        }
        position += 2;
    }

    /** Makes n bytes available or fails: the body ended inside the multipart structure. */
    private void require(int n) throws IOException {
        if (!fill(n)) {
            throw new MalformedMultipartException("the body ends before the multipart's close delimiter");
        }
    }

    /** Makes at least n bytes available unless the input ends first; false when fewer are available. */
    private boolean fill(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < n && !endOfInput) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfInput = true;
            } else {
                limit += read;
            }
        }
        return limit - position >= n;
    }

    /** Where the delimiter starts in the buffered bytes, or -1. */
    private int indexOfDelimiter() {
        int last = limit - delimiter.length;
        byte first = delimiter[0];
        outer:
        for (int i = position; i <= last; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A part's content: the bytes up to the next delimiter, which it consumes when it reaches it. */
    private final class PartInput extends InputStream {

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            boolean complete = fill(BUFFER_SIZE / 2) || endOfInput;
            int at = indexOfDelimiter();
            if (at == position) {
                position += delimiter.length;
                ended = true;
                return -1;
            }
            int available;
            if (at > position) {
                available = at - position;
            } else {
                available = limit - position - (delimiter.length - 1);
                if (available <= 0) {
                    if (complete && endOfInput) {
                        throw new MalformedMultipartException("the body ends inside a part");
                    }
                    fill(limit - position + 1);
                    return read(target, offset, length);
                }
            }
            int n = Math.min(length, available);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }
}
