/** What a caller gets when the service behind a route is down, hung or fails mid-answer: a problem detail, in time. */
@NullMarked
package health.isthmus.gateway.upstream;

import org.jspecify.annotations.NullMarked;
