package health.isthmus.audit.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves FHIR R4 {@code AuditEvent} under {@code /fhir}, for auditors (see the API's access rules). */
@Configuration(proxyBeanMethods = false)
public class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(AuditEventResourceProvider auditEvents) {
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        server.setResourceProviders(auditEvents);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
