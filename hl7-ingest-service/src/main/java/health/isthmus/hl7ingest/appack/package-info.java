/** Enhanced-mode application acknowledgments, kept durably and delivered to each sender's return address. */
@NullMarked
package health.isthmus.hl7ingest.appack;

import org.jspecify.annotations.NullMarked;
