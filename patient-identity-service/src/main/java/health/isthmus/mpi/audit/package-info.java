/** Audit records of every read and change of patient data the MPI makes or serves. */
@NullMarked
package health.isthmus.mpi.audit;

import org.jspecify.annotations.NullMarked;
