package health.isthmus.platform.web;

/**
 * A request the caller must correct, such as a parameter out of range. Its message is written for the
 * client and is returned as the detail of a 400 problem; no other exception's message ever is.
 */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
