/** Reading parsed messages into events: one translator per trigger family, chosen by message type. */
@NullMarked
package health.isthmus.hl7ingest.translation;

import org.jspecify.annotations.NullMarked;
