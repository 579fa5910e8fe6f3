package health.isthmus.report.lifecycle;

/** A request that conflicts with what the service holds, such as a second open report for one order. */
public class ReportConflictException extends RuntimeException {

    public ReportConflictException(String message) {
        super(message);
    }
}
