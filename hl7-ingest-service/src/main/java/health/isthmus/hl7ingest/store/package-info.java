/** The message store: every accepted message, raw and with its header fields, deduplicated by sender and control id. */
@NullMarked
package health.isthmus.hl7ingest.store;

import org.jspecify.annotations.NullMarked;
