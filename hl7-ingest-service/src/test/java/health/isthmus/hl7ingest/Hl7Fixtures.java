package health.isthmus.hl7ingest;

import health.isthmus.hl7.mllp.MllpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sample messages of the test resources, and sending them over MLLP as a HIS would. */
public final class Hl7Fixtures {

    private Hl7Fixtures() {}

    /** The bytes of {@code /hl7/<name>}. */
    public static byte[] fixture(String name) throws IOException {
        try (InputStream in = Hl7Fixtures.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        }
    }

    /** A sample as text, to edit before sending. */
    public static String fixtureText(String name) throws IOException {
        return new String(fixture(name), StandardCharsets.UTF_8);
    }

    /** Sends one message on a new connection and returns the reply, read as UTF-8. */
    public static String send(int port, byte[] message) throws IOException {
        return send(port, message, StandardCharsets.UTF_8);
    }

    /** Sends one message on a new connection and returns the reply, read in {@code charset}. */
    public static String send(int port, byte[] message, Charset charset) throws IOException {
        try (MllpClient client = new MllpClient("127.0.0.1", port, Duration.ofSeconds(30))) {
            return new String(client.exchange(message), charset);
        }
    }

    /** The first segment of a message with this name, or an empty string. */
    public static String segment(String message, String name) {
        for (String segment : message.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment;
            }
        }
        return "";
    }
}
