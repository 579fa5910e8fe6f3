/** Users who sign in through the login form, loaded from configuration. */
@NullMarked
package health.isthmus.auth.users;

import org.jspecify.annotations.NullMarked;
