/** Contracts published by worklist-service: scheduled procedure steps and their progress reported by MPPS. */
@NullMarked
package health.isthmus.events.worklist;

import org.jspecify.annotations.NullMarked;
