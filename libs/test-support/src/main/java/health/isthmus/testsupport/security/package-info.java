/** A real token issuer for tests: RS256 JWTs and a JWKS endpoint that services validate against. */
@NullMarked
package health.isthmus.testsupport.security;

import org.jspecify.annotations.NullMarked;
