/** Taking instances in: one path for C-STORE and STOW-RS, from the received bytes to a durable file and index row. */
@NullMarked
package health.isthmus.dicomweb.ingest;

import org.jspecify.annotations.NullMarked;
