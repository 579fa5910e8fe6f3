/** What every service's audit record of an HTTP access has in common. */
@NullMarked
package health.isthmus.platform.audit;

import org.jspecify.annotations.NullMarked;
