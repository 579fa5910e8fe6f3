/** The MLLP intake: read, check, store with its events in one transaction, then acknowledge. */
@NullMarked
package health.isthmus.hl7ingest.intake;

import org.jspecify.annotations.NullMarked;
