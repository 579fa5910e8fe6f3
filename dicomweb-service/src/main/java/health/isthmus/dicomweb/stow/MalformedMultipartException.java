package health.isthmus.dicomweb.stow;

import java.io.IOException;

/** The request body is not the multipart/related message its Content-Type announces. */
public class MalformedMultipartException extends IOException {

    public MalformedMultipartException(String message) {
        super(message);
    }
}
