/** Audit trail contracts: who did what to which patient data, when, from where, with what outcome. */
@NullMarked
package health.isthmus.events.audit;

import org.jspecify.annotations.NullMarked;
