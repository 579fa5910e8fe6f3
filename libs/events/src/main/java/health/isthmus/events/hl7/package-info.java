/** Contracts published by hl7-ingest-service: facts the hospital information system reported over HL7 v2. */
@NullMarked
package health.isthmus.events.hl7;

import org.jspecify.annotations.NullMarked;
