package health.isthmus.audit.api;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may read the trail: auditors only, over REST and FHIR. Admins are refused too, so that those who run the
 * platform cannot read (or learn how to hide from) the record of what they did; nothing may change the trail.
 */
@Configuration(proxyBeanMethods = false)
public class AuditApiAccess {

    @Bean
    HttpAuthorizationRules auditApiRules() {
        return rules -> rules.requestMatchers(HttpMethod.GET, "/api/audit/v3/api-docs", "/api/audit/v3/api-docs/**")
                .authenticated()
                .requestMatchers(HttpMethod.GET, "/api/audit/**", "/fhir/AuditEvent", "/fhir/AuditEvent/**")
                .hasRole("auditor")
                .requestMatchers(HttpMethod.GET, "/fhir/metadata")
                .authenticated()
                .requestMatchers("/api/audit/**", "/fhir/**")
                .denyAll();
    }
}
