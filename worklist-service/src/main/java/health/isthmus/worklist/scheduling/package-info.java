/** Scheduling: orders and MPI identity changes become scheduled procedure steps, each change kept in the history and published. */
@NullMarked
package health.isthmus.worklist.scheduling;

import org.jspecify.annotations.NullMarked;
