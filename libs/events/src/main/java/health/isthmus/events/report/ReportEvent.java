package health.isthmus.events.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.IsthmusEvent;

/** A change to a report or to its delivery to the HIS, keyed by the report's site and accession number. */
public sealed interface ReportEvent extends IsthmusEvent
        permits ReportFinalized, ReportAmended, ReportDelivered, ReportDeliveryFailed {

    /** The report after the change. */
    ReportSummary report();

    @Override
    @JsonIgnore
    default String partitionKey() {
        return report().key();
    }
}
