/** Event contracts every producer publishes and every consumer reads, with their logical names and topics. */
@NullMarked
package health.isthmus.events;

import org.jspecify.annotations.NullMarked;
