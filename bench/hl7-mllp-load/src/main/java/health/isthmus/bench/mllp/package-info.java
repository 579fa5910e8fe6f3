/** A load harness for HL7 over MLLP that measures hl7-ingest-service next to a bare HAPI MLLP server. */
@NullMarked
package health.isthmus.bench.mllp;

import org.jspecify.annotations.NullMarked;
