package health.isthmus.report.lifecycle;

/** A report id this service does not hold. */
public class UnknownReportException extends RuntimeException {

    public UnknownReportException(long id) {
        super("no report " + id);
    }
}
