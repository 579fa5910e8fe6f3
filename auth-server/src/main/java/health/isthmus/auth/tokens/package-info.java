/** Isthmus claims (roles, sites, audience) added to the access tokens the server issues. */
@NullMarked
package health.isthmus.auth.tokens;

import org.jspecify.annotations.NullMarked;
