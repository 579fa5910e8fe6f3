/** Reads of the stored trail by patient, user, action and time, and the audit records of those reads. */
@NullMarked
package health.isthmus.audit.trail;

import org.jspecify.annotations.NullMarked;
