package health.isthmus.mpi.api;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Identity administration is for admins: the review queue, links, unlinks and unmerges and what they show. */
@Configuration(proxyBeanMethods = false)
public class PatientApiAccess {

    @Bean
    HttpAuthorizationRules patientAdministrationRules() {
        return rules -> rules.requestMatchers("/api/patients/**").hasRole("admin");
    }
}
