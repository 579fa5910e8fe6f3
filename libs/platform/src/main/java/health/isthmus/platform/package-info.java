/** Shared Spring auto-configuration that every Isthmus service runs on. */
@NullMarked
package health.isthmus.platform;

import org.jspecify.annotations.NullMarked;
