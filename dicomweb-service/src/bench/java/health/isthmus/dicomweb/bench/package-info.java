/** Load harnesses of dicomweb-service that print figures; nothing here passes or fails a build. */
@NullMarked
package health.isthmus.dicomweb.bench;

import org.jspecify.annotations.NullMarked;
