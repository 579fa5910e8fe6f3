/** audit-service: the audit trail of every access to patient data. */
@NullMarked
package health.isthmus.audit;

import org.jspecify.annotations.NullMarked;
