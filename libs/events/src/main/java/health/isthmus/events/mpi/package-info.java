/** Contracts published by patient-identity-service: who a patient is across every site, as the MPI decides it. */
@NullMarked
package health.isthmus.events.mpi;

import org.jspecify.annotations.NullMarked;
