/** Contracts published by dicomweb-service: instances stored, studies stable, re-filed and deleted. */
@NullMarked
package health.isthmus.events.archive;

import org.jspecify.annotations.NullMarked;
