package health.isthmus.report.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves FHIR R4 {@code DiagnosticReport} under {@code /fhir}: read and search for radiologists, clinicians, admins and
 * integration clients; create for radiologists and integration clients (external reporting systems, AI tools).
 */
@Configuration(proxyBeanMethods = false)
public class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(DiagnosticReportResourceProvider diagnosticReports) {
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        server.setResourceProviders(diagnosticReports);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    HttpAuthorizationRules reportDataRules() {
        return rules ->
                rules.requestMatchers("/fhir/**").hasAnyRole("admin", "clinician", "radiologist", "integration");
    }
}
