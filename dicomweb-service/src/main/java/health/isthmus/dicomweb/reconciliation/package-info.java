/**
 * Filing studies under the right patient: local read models of the worklist and the MPI, the check of arriving
 * images against their order, and the studies held for an admin to reconcile.
 */
@NullMarked
package health.isthmus.dicomweb.reconciliation;

import org.jspecify.annotations.NullMarked;
