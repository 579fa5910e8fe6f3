/** OAuth2 clients registered from configuration. */
@NullMarked
package health.isthmus.auth.clients;

import org.jspecify.annotations.NullMarked;
