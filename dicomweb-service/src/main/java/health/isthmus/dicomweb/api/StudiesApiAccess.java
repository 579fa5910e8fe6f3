package health.isthmus.dicomweb.api;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may use {@code /api/studies}: admins only, its OpenAPI description included. */
@Configuration(proxyBeanMethods = false)
public class StudiesApiAccess {

    @Bean
    HttpAuthorizationRules studiesApiRules() {
        return rules -> rules.requestMatchers("/api/studies/**").hasRole("admin");
    }
}
