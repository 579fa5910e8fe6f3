/** Reports from external reporting systems (ORU^R01 through hl7-ingest): stored as reports, or refused and flagged. */
@NullMarked
package health.isthmus.report.external;

import org.jspecify.annotations.NullMarked;
