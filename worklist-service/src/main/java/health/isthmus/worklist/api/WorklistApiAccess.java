package health.isthmus.worklist.api;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use {@code /api/worklist}: admins, technologists, radiologists and integration clients read the worklist
 * (its OpenAPI description included); admins and technologists create and cancel entries.
 */
@Configuration(proxyBeanMethods = false)
public class WorklistApiAccess {

    @Bean
    HttpAuthorizationRules worklistApiRules() {
        return rules -> rules.requestMatchers(HttpMethod.GET, "/api/worklist/**")
                .hasAnyRole("admin", "technologist", "radiologist", "integration")
                .requestMatchers(HttpMethod.POST, "/api/worklist/steps", "/api/worklist/steps/*/cancel")
                .hasAnyRole("admin", "technologist")
                .requestMatchers("/api/worklist/**")
                .denyAll();
    }
}
