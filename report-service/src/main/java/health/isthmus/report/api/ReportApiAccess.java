package health.isthmus.report.api;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use {@code /api/reports}: admins see deliveries and refusals and resend; radiologists and admins see the
 * reading worklist; radiologists, clinicians, admins and integration clients read reports; radiologists and
 * integration clients (external tools) create and edit drafts; only radiologists sign, amend and cancel.
 */
@Configuration(proxyBeanMethods = false)
public class ReportApiAccess {

    @Bean
    HttpAuthorizationRules reportApiRules() {
        return rules -> rules.requestMatchers("/api/reports/deliveries", "/api/reports/deliveries/**")
                .hasRole("admin")
                .requestMatchers("/api/reports/refusals", "/api/reports/refusals/**")
                .hasRole("admin")
                .requestMatchers(HttpMethod.GET, "/api/reports/worklist")
                .hasAnyRole("radiologist", "admin")
                .requestMatchers(HttpMethod.GET, "/api/reports", "/api/reports/**")
                .hasAnyRole("radiologist", "clinician", "admin", "integration")
                .requestMatchers(HttpMethod.POST, "/api/reports")
                .hasAnyRole("radiologist", "integration")
                .requestMatchers(HttpMethod.PUT, "/api/reports/*")
                .hasAnyRole("radiologist", "integration")
                .requestMatchers(HttpMethod.POST, "/api/reports/*/preliminary")
                .hasAnyRole("radiologist", "integration")
                .requestMatchers(
                        HttpMethod.POST, "/api/reports/*/finalize", "/api/reports/*/amend", "/api/reports/*/cancel")
                .hasRole("radiologist")
                .requestMatchers("/api/reports", "/api/reports/**")
                .denyAll();
    }
}
