package health.isthmus.dicomweb.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves FHIR R4 under {@code /fhir}; the roles are in {@code ArchiveAccess}. */
@Configuration(proxyBeanMethods = false)
public class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(ImagingStudyResourceProvider imagingStudies) {
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        server.setResourceProviders(imagingStudies);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerAddressStrategy(new RequestContextPathStrategy());
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * Reads the context path from the request rather than the servlet context: Spring's forwarded header filter puts
     * the gateway's X-Forwarded-Prefix there, and HAPI cuts it off the request URI to find the FHIR path (else every
     * request under a prefix would be 404) and names it in the links it writes.
     */
    static final class RequestContextPathStrategy extends IncomingRequestAddressStrategy {

        @Override
        public String determineServletContextPath(HttpServletRequest request, RestfulServer server) {
            return request.getContextPath();
        }
    }
}
