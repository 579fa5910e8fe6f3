package health.isthmus.hl7.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/** Reads and writes MLLP frames: a start block 0x0B, the message, an end block 0x1C and a carriage return. */
public final class MllpFrames {

    public static final int START_BLOCK = 0x0B;
    public static final int END_BLOCK = 0x1C;
    public static final int CARRIAGE_RETURN = 0x0D;

    private MllpFrames() {}

    /**
     * Reads the next frame's content. Bytes before a start block (such as stray line feeds between frames)
     * are skipped.
     *
     * @return the message bytes, or {@code null} when the peer closed the connection between frames
     * @throws MllpFrameException when the frame exceeds {@code maxBytes} or the connection ends inside a frame
     */
    public static byte @Nullable [] read(InputStream in, int maxBytes) throws IOException {
        int b;
        do {
            b = in.read();
            if (b == -1) {
                return null;
            }
        } while (b != START_BLOCK);
        ByteArrayOutputStream message = new ByteArrayOutputStream(1024);
        while (true) {
            b = in.read();
            if (b == -1) {
                throw new MllpFrameException("connection closed inside a frame");
            }
            if (b == END_BLOCK) {
                int next = in.read();
                if (next == CARRIAGE_RETURN) {
                    return message.toByteArray();
                }
                if (next == -1) {
                    throw new MllpFrameException("connection closed inside a frame");
                }
                // an end block not followed by CR is content, not the end of the frame
                message.write(b);
                b = next;
            }
            if (b == START_BLOCK) {
                throw new MllpFrameException("start block inside a frame");
            }
            message.write(b);
            if (message.size() > maxBytes) {
                throw new MllpFrameException("frame larger than " + maxBytes + " bytes");
            }
        }
    }

    /** Writes one frame and flushes it. */
    public static void write(OutputStream out, byte[] message) throws IOException {
        byte[] frame = new byte[message.length + 3];
        frame[0] = START_BLOCK;
        System.arraycopy(message, 0, frame, 1, message.length);
        frame[frame.length - 2] = END_BLOCK;
        frame[frame.length - 1] = CARRIAGE_RETURN;
        out.write(frame);
        out.flush();
    }
}
