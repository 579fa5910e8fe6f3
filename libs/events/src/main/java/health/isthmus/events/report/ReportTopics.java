package health.isthmus.events.report;

/** Topics of report-service. */
public final class ReportTopics {

    /**
     * Report events, keyed by {@code <site>|<accession number>} like the order the report answers, so that one
     * order's reports and their deliveries stay in order (and beside the order's own events).
     */
    public static final String REPORT = "report.report.v1";

    private ReportTopics() {}
}
