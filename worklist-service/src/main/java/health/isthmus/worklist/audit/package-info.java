/** Audit records of the worklist: who read or changed which patient's orders, through which message, call or event. */
@NullMarked
package health.isthmus.worklist.audit;

import org.jspecify.annotations.NullMarked;
