package health.isthmus.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's role rules for its HTTP routes, applied by the platform's security chain before its final
 * rule (every other request needs a valid token). Declare one bean per service.
 */
@FunctionalInterface
public interface HttpAuthorizationRules {

    /** Adds request matchers with the roles they need, for example {@code hasAnyRole("clinician")}. */
    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
