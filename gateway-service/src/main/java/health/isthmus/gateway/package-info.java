/** gateway-service: the one HTTP entry point, validating tokens and routing each path to the service that owns it. */
@NullMarked
package health.isthmus.gateway;

import org.jspecify.annotations.NullMarked;
