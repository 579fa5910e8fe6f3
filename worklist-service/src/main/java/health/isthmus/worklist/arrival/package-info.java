/** Images arriving in the archive for scheduled steps: a read model of the archive's study events. */
@NullMarked
package health.isthmus.worklist.arrival;

import org.jspecify.annotations.NullMarked;
