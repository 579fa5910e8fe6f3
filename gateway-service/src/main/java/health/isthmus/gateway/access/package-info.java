/** The gateway's access matrix: which roles may call which route with which HTTP method, copied from each service's own rules. */
@NullMarked
package health.isthmus.gateway.access;

import org.jspecify.annotations.NullMarked;
