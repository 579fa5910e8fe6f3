package health.isthmus.hl7.mllp;

import java.io.IOException;

/** The peer broke the MLLP framing; the connection cannot continue. */
public final class MllpFrameException extends IOException {

    public MllpFrameException(String message) {
        super(message);
    }
}
