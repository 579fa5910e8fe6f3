package health.isthmus.report.lifecycle.domain;

/** A change the report's status does not allow, such as editing a final report. Its message is for the client. */
public class ReportStateException extends RuntimeException {

    public ReportStateException(String message) {
        super(message);
    }
}
