/** The optional HTTPS listener (8443 by default) beside the plain HTTP one, and the choice to redirect HTTP to it. */
@NullMarked
package health.isthmus.gateway.tls;

import org.jspecify.annotations.NullMarked;
