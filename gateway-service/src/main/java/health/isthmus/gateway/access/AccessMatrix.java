package health.isthmus.gateway.access;

import static health.isthmus.gateway.access.AccessRule.allow;
import static health.isthmus.gateway.access.AccessRule.authenticated;
import static health.isthmus.gateway.access.AccessRule.deny;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import java.util.List;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * Who may call what through the gateway: the services' own HTTP rules ({@code *Access} and
 * {@code FhirServerConfiguration} classes), copied row for row and in their order, with each service's
 * {@code /fhir/**} narrowed to the resource types the gateway routes to it. The first matching row decides, as in
 * the services, so every request a service lets through also passes the gateway; checks finer than path and method
 * (site scoping, drafts visible to radiologists only) stay in the services. A routed path that no row matches
 * needs any valid token, as in the services; an unrouted path gets 404.
 */
public final class AccessMatrix {

    private static final String[] VIEWERS = {"admin", "radiologist", "technologist", "clinician", "integration"};

    /** The rows, first match wins. */
    public static final List<AccessRule> RULES = List.of(
            // patient-identity-service: PatientApiAccess, FhirServerConfiguration
            allow("patient-identity", null, List.of("/api/patients/**"), "admin"),
            allow("patient-identity", null, List.of("/fhir/Patient", "/fhir/Patient/**"), VIEWERS),
            // hl7-ingest-service: MessageStoreAccess
            allow("hl7-ingest", POST, List.of("/api/hl7/messages/*/replay"), "admin"),
            allow("hl7-ingest", null, List.of("/api/hl7/**"), "admin", "integration"),
            // worklist-service: WorklistApiAccess, FhirServerConfiguration
            allow("worklist", GET, List.of("/api/worklist/**"), "admin", "technologist", "radiologist", "integration"),
            allow(
                    "worklist",
                    POST,
                    List.of("/api/worklist/steps", "/api/worklist/steps/*/cancel"),
                    "admin",
                    "technologist"),
            deny("worklist", List.of("/api/worklist/**")),
            allow("worklist", null, List.of("/fhir/ServiceRequest", "/fhir/ServiceRequest/**"), VIEWERS),
            // dicomweb-service: ArchiveAccess
            allow("dicomweb", GET, List.of("/dicomweb/**"), VIEWERS),
            allow(
                    "dicomweb",
                    POST,
                    List.of("/dicomweb/studies", "/dicomweb/studies/*"),
                    "admin",
                    "technologist",
                    "integration"),
            deny("dicomweb", List.of("/dicomweb/**")),
            allow("dicomweb", null, List.of("/api/studies/**"), "admin"),
            allow("dicomweb", null, List.of("/fhir/ImagingStudy", "/fhir/ImagingStudy/**"), VIEWERS),
            // report-service: ReportApiAccess, FhirServerConfiguration
            allow("report", null, List.of("/api/reports/deliveries", "/api/reports/deliveries/**"), "admin"),
            allow("report", null, List.of("/api/reports/refusals", "/api/reports/refusals/**"), "admin"),
            allow("report", GET, List.of("/api/reports/worklist"), "radiologist", "admin"),
            allow(
                    "report",
                    GET,
                    List.of("/api/reports", "/api/reports/**"),
                    "radiologist",
                    "clinician",
                    "admin",
                    "integration"),
            allow("report", POST, List.of("/api/reports"), "radiologist", "integration"),
            allow("report", PUT, List.of("/api/reports/*"), "radiologist", "integration"),
            allow("report", POST, List.of("/api/reports/*/preliminary"), "radiologist", "integration"),
            allow(
                    "report",
                    POST,
                    List.of("/api/reports/*/finalize", "/api/reports/*/amend", "/api/reports/*/cancel"),
                    "radiologist"),
            deny("report", List.of("/api/reports", "/api/reports/**")),
            allow(
                    "report",
                    null,
                    List.of("/fhir/DiagnosticReport", "/fhir/DiagnosticReport/**"),
                    "admin",
                    "clinician",
                    "radiologist",
                    "integration"),
            // audit-service: AuditApiAccess (admins too are refused: they must not read the record of what they did)
            authenticated("audit", GET, List.of("/api/audit/v3/api-docs", "/api/audit/v3/api-docs/**")),
            allow("audit", GET, List.of("/api/audit/**", "/fhir/AuditEvent", "/fhir/AuditEvent/**"), "auditor"),
            deny("audit", List.of("/api/audit/**", "/fhir/AuditEvent", "/fhir/AuditEvent/**")));

    private AccessMatrix() {}

    /** Adds every row to the gateway's authorization rules, in order. */
    public static AuthorizeExchangeSpec apply(AuthorizeExchangeSpec exchanges) {
        AuthorizeExchangeSpec spec = exchanges;
        for (AccessRule rule : RULES) {
            String[] paths = rule.paths().toArray(String[]::new);
            AuthorizeExchangeSpec.Access access =
                    rule.method() == null ? spec.pathMatchers(paths) : spec.pathMatchers(rule.method(), paths);
            if (rule.deny()) {
                spec = access.denyAll();
            } else if (rule.roles().isEmpty()) {
                spec = access.authenticated();
            } else {
                spec = access.hasAnyRole(rule.roles().toArray(String[]::new));
            }
        }
        return spec;
    }
}
