/** Embedded default identity provider: issues the RS256 JWTs that every Isthmus service validates. */
@NullMarked
package health.isthmus.auth;

import org.jspecify.annotations.NullMarked;
