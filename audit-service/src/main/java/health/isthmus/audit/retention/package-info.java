/** Removes records older than the retention period from the head of the chain, keeping the chain verifiable. */
@NullMarked
package health.isthmus.audit.retention;

import org.jspecify.annotations.NullMarked;
