/** The archive's admin REST API at {@code /api/studies}: held studies and their reconciliation, deletion and rejection. */
@NullMarked
package health.isthmus.dicomweb.api;

import org.jspecify.annotations.NullMarked;
