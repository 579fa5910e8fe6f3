/** Removal of outbox and inbox rows that no longer serve a purpose, so a service's event tables stop growing. */
@NullMarked
package health.isthmus.platform.housekeeping;

import org.jspecify.annotations.NullMarked;
