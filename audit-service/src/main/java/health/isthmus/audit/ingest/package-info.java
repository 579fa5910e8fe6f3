/** Consumes every service's audit records from Kafka, each stored once. */
@NullMarked
package health.isthmus.audit.ingest;

import org.jspecify.annotations.NullMarked;
