/** Limits on what one request or one client may cost: body size (413) and request rate per client (429). */
@NullMarked
package health.isthmus.gateway.limits;

import org.jspecify.annotations.NullMarked;
