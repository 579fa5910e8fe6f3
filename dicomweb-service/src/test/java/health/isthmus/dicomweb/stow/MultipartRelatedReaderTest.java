package health.isthmus.dicomweb.stow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartRelatedReaderTest {

    private static final String BOUNDARY = "b0und4ry";

    @Test
    void readsPartsOfAnySizeWithTheirHeadersAndIgnoresPreambleAndEpilogue() throws IOException {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        // a part that contains the delimiter's prefix without the boundary must survive
        byte[] tricky = "x\r\n--b0und4rX\r\n--b0und".getBytes(StandardCharsets.US_ASCII);
        byte[] body = body("preamble to ignore\r\n", List.of(big, new byte[0], tricky), "\r\nepilogue");

        List<byte[]> parts = new ArrayList<>();
        List<String> types = new ArrayList<>();
        MultipartRelatedReader reader = new MultipartRelatedReader(slow(body), BOUNDARY);
        MultipartRelatedReader.Part part;
        while ((part = reader.next()) != null) {
            types.add(part.contentType());
            parts.add(part.content().readAllBytes());
        }

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo(big);
        assertThat(parts.get(1)).isEmpty();
        assertThat(parts.get(2)).isEqualTo(tricky);
        assertThat(types).containsOnly("application/dicom");
    }

    @Test
    void unreadPartsAreSkipped() throws IOException {
        byte[] body = body("", List.of(new byte[100_000], "second".getBytes(StandardCharsets.US_ASCII)), "");
        MultipartRelatedReader reader = new MultipartRelatedReader(new ByteArrayInputStream(body), BOUNDARY);

        assertThat(reader.next()).isNotNull();
        MultipartRelatedReader.Part second = reader.next();

        assertThat(new String(second.content().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("second");
        assertThat(reader.next()).isNull();
    }

    @Test
    void aBodyCutShortIsMalformed() {
        byte[] body = body("", List.of(new byte[50_000]), "");
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 30);
        MultipartRelatedReader reader = new MultipartRelatedReader(new ByteArrayInputStream(cut), BOUNDARY);

        assertThatThrownBy(() -> {
                    MultipartRelatedReader.Part part;
                    while ((part = reader.next()) != null) {
                        part.content().readAllBytes();
                    }
                })
                .isInstanceOf(MalformedMultipartException.class);
    }

    @Test
    void aBodyWithoutAnyDelimiterIsMalformed() {
        MultipartRelatedReader reader = new MultipartRelatedReader(
                new ByteArrayInputStream("no multipart here".getBytes(StandardCharsets.US_ASCII)), BOUNDARY);

        assertThatThrownBy(reader::next).isInstanceOf(MalformedMultipartException.class);
    }

    static byte[] body(String preamble, List<byte[]> parts, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--" + epilogue).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Delivers at most 1,000 bytes a read, as a network would. */
    private static InputStream slow(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
    }
}
