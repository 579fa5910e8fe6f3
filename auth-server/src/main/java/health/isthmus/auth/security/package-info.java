/** Security filter chains of the authorization server and the login form, and authentication logging. */
@NullMarked
package health.isthmus.auth.security;

import org.jspecify.annotations.NullMarked;
