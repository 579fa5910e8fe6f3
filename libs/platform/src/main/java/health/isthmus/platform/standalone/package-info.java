/** Standalone mode helpers: a service ends when the launcher that started it is gone. */
@NullMarked
package health.isthmus.platform.standalone;

import org.jspecify.annotations.NullMarked;
