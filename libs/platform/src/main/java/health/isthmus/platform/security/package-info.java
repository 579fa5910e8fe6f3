/** Resource-server security: every service validates tokens itself and maps the roles claim to authorities. */
@NullMarked
package health.isthmus.platform.security;

import org.jspecify.annotations.NullMarked;
