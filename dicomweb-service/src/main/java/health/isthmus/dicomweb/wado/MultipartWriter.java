package health.isthmus.dicomweb.wado;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a {@code multipart/related} body (RFC 2387) part by part onto the response as each part's bytes are
 * produced, so a study streams without being held in memory.
 */
final class MultipartWriter {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final String boundary;
    private boolean started;

    /** A writer with a fresh boundary, not yet bound to a body: {@link #on(OutputStream)} binds it. */
    MultipartWriter() {
        this(OutputStream.nullOutputStream(), newBoundary());
    }

    private MultipartWriter(OutputStream out, String boundary) {
        this.out = out;
        this.boundary = boundary;
    }

    private static String newBoundary() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "isthmus-" + HexFormat.of().formatHex(random);
    }

    /** A writer of the same boundary onto a body. */
    MultipartWriter on(OutputStream body) {
        return new MultipartWriter(body, boundary);
    }

    String boundary() {
        return boundary;
    }

    /** The response's Content-Type for parts of one type. */
    String contentType(String partType) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** Starts a part; its content follows on {@link #out()}. */
    void startPart(String contentType, @org.jspecify.annotations.Nullable String contentLocation) throws IOException {
        StringBuilder head = new StringBuilder(started ? "\r\n--" : "--")
                .append(boundary)
                .append("\r\nContent-Type: ")
                .append(contentType);
        started = true;
        if (contentLocation != null) {
            head.append("\r\nContent-Location: ").append(contentLocation);
        }
        head.append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    }

    OutputStream out() {
        return out;
    }

    /** Writes the closing delimiter. */
    void finish() throws IOException {
        out.write(((started ? "\r\n--" : "--") + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
