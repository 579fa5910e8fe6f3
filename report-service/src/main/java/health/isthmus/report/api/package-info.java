/** The reports' admin REST API under /api/reports: the lifecycle, deliveries, refusals and the reading worklist. */
@NullMarked
package health.isthmus.report.api;

import org.jspecify.annotations.NullMarked;
