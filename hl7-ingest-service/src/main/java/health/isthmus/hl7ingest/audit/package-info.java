/** Audit records of received HL7 messages: which sender changed which patient's or order's data. */
@NullMarked
package health.isthmus.hl7ingest.audit;

import org.jspecify.annotations.NullMarked;
