package health.isthmus.dicomweb.qido;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may read {@code /dicomweb} (QIDO-RS and WADO-RS): admins, radiologists, technologists, clinicians and
 * integration clients; auditors read the audit trail, not images.
 */
@Configuration(proxyBeanMethods = false)
public class QidoAccess {

    @Bean
    HttpAuthorizationRules qidoReadRules() {
        return rules -> rules.requestMatchers(HttpMethod.GET, "/dicomweb/**")
                .hasAnyRole("admin", "radiologist", "technologist", "clinician", "integration");
    }
}
