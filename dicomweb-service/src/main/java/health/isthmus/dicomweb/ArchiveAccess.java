package health.isthmus.dicomweb;

import health.isthmus.platform.security.HttpAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use the archive over HTTP. Viewers' roles (admin, radiologist, technologist, clinician, integration) search
 * and retrieve with DICOMweb; admins, technologists and integration clients store with STOW-RS; the admin REST under
 * {@code /api/studies} (reconciliation, deletion) is for admins; FHIR {@code ImagingStudy} (read, and search by GET or
 * POST {@code _search}) is for the viewers' roles. Auditors read the audit trail, not images.
 */
@Configuration(proxyBeanMethods = false)
public class ArchiveAccess {

    @Bean
    HttpAuthorizationRules archiveRules() {
        return rules -> rules.requestMatchers(HttpMethod.GET, "/dicomweb/**")
                .hasAnyRole("admin", "radiologist", "technologist", "clinician", "integration")
                .requestMatchers(HttpMethod.POST, "/dicomweb/studies", "/dicomweb/studies/*")
                .hasAnyRole("admin", "technologist", "integration")
                .requestMatchers("/dicomweb/**")
                .denyAll()
                .requestMatchers("/api/studies/**")
                .hasRole("admin")
                .requestMatchers("/fhir/ImagingStudy", "/fhir/ImagingStudy/**")
                .hasAnyRole("admin", "radiologist", "technologist", "clinician", "integration");
    }
}
