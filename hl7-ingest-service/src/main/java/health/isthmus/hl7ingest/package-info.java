/** hl7-ingest-service: takes every HL7 v2 message a hospital system sends, keeps it, answers truthfully. */
@NullMarked
package health.isthmus.hl7ingest;

import org.jspecify.annotations.NullMarked;
