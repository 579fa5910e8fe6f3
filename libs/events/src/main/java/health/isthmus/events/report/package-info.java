/** Contracts published by report-service: reports finalized and amended, their ORU deliveries acknowledged or failed. */
@NullMarked
package health.isthmus.events.report;

import org.jspecify.annotations.NullMarked;
