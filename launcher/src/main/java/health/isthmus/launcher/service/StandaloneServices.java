package health.isthmus.launcher.service;

import java.util.List;

/** The services standalone mode runs, in start order; the one place that lists them. */
public final class StandaloneServices {

    public static final String AUTH_SERVER = "auth-server";

    /** Every service; auth-server (wave 1) is healthy before the others (wave 2) start. */
    public static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition(AUTH_SERVER, "ISTHMUS_AUTH_PORT", 9000, 256, 1, false),
            new ServiceDefinition("gateway-service", "ISTHMUS_GATEWAY_PORT", 8080, 192, 2, true),
            new ServiceDefinition("hl7-ingest-service", "ISTHMUS_HL7_HTTP_PORT", 8081, 256, 2, true),
            new ServiceDefinition("patient-identity-service", "ISTHMUS_MPI_HTTP_PORT", 8082, 256, 2, false),
            new ServiceDefinition("worklist-service", "ISTHMUS_WORKLIST_HTTP_PORT", 8083, 256, 2, true),
            new ServiceDefinition("dicomweb-service", "ISTHMUS_DICOMWEB_HTTP_PORT", 8084, 256, 2, true),
            new ServiceDefinition("report-service", "ISTHMUS_REPORT_HTTP_PORT", 8085, 256, 2, false),
            new ServiceDefinition("audit-service", "ISTHMUS_AUDIT_HTTP_PORT", 8086, 256, 2, false));

    private StandaloneServices() {}

    /** The service of that name. */
    public static ServiceDefinition named(String name) {
        return ALL.stream()
                .filter(service -> service.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }
}
