/** patient-identity-service: the master patient index, the one place that decides who a patient is. */
@NullMarked
package health.isthmus.mpi;

import org.jspecify.annotations.NullMarked;
