/** The matching engine wired into the service: its configuration and its candidate index in PostgreSQL. */
@NullMarked
package health.isthmus.mpi.matching;

import org.jspecify.annotations.NullMarked;
