/** Reliability battery for HL7 ingest (RELIABILITY.md T1 and T5): the real service jar, killed or starved of Kafka, keeps its ACK promises. */
@NullMarked
package health.isthmus.hl7ingest.reliability;

import org.jspecify.annotations.NullMarked;
