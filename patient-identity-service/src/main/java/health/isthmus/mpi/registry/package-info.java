/** The patient registry: source records keyed by assigning authority and identifier, each under an enterprise id. */
@NullMarked
package health.isthmus.mpi.registry;

import org.jspecify.annotations.NullMarked;
