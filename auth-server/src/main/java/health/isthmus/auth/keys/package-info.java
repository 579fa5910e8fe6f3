/** The RS256 signing key, generated once and persisted under the data directory so tokens survive restarts. */
@NullMarked
package health.isthmus.auth.keys;

import org.jspecify.annotations.NullMarked;
