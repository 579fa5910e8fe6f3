/** The worklist's admin REST API under {@code /api/worklist}: list and filter steps, their history, create and cancel. */
@NullMarked
package health.isthmus.worklist.api;

import org.jspecify.annotations.NullMarked;
