package health.isthmus.mpi.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves FHIR R4 under {@code /fhir} for the roles that may see patient data. */
@Configuration(proxyBeanMethods = false)
public class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(PatientResourceProvider patients) {
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        server.setResourceProviders(patients);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        // links in bundles name the gateway the client called: the servlet container applies the
        // gateway's X-Forwarded-* headers (server.forward-headers-strategy=native, trusted proxies only)
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    HttpAuthorizationRules patientDataRules() {
        return rules -> rules.requestMatchers("/fhir/**")
                .hasAnyRole("admin", "clinician", "radiologist", "technologist", "integration");
    }
}
