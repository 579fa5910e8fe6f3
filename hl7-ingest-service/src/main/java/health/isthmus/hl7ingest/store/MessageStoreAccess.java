package health.isthmus.hl7ingest.store;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Stored messages hold patient data: interface engineers and admins read them, only admins replay. */
@Configuration(proxyBeanMethods = false)
public class MessageStoreAccess {

    @Bean
    HttpAuthorizationRules messageStoreRules() {
        return rules -> rules.requestMatchers(HttpMethod.POST, "/api/hl7/messages/*/replay")
                .hasRole("admin")
                .requestMatchers("/api/hl7/**")
                .hasAnyRole("admin", "integration");
    }
}
