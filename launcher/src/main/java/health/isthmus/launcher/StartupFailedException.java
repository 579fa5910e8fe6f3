package health.isthmus.launcher;

import java.util.List;

/** The stack did not come up; the message says what failed, the details show why (log lines). */
public final class StartupFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> details;

    public StartupFailedException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public StartupFailedException(String message, Throwable cause) {
        super(message, cause);
        this.details = List.of();
    }

    /** Lines to print after the message, for example the end of a log file. */
    public List<String> details() {
        return details;
    }
}
