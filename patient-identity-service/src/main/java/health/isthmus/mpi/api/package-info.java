/** The MPI's admin REST API under {@code /api/patients}: identities, review tasks, links, unlinks and unmerges. */
@NullMarked
package health.isthmus.mpi.api;

import org.jspecify.annotations.NullMarked;
