/** Load harnesses of worklist-service that print figures; nothing here passes or fails a build. */
@NullMarked
package health.isthmus.worklist.bench;

import org.jspecify.annotations.NullMarked;
