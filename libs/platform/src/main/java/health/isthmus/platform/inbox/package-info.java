/** Idempotent inbox: a consumed event takes effect once, recorded in the consumer's own transaction. */
@NullMarked
package health.isthmus.platform.inbox;

import org.jspecify.annotations.NullMarked;
