/** Report translation: ORU^R01 from external reporting systems into report events keyed like their order. */
@NullMarked
package health.isthmus.hl7ingest.report;

import org.jspecify.annotations.NullMarked;
