package health.isthmus.launcher.service;

import java.util.Map;

/**
 * One service of the platform as the launcher starts it.
 *
 * @param name the Maven module and artifact id, also the name of its log file
 * @param portVariable the environment variable the service reads its HTTP port from
 * @param defaultPort the HTTP port when that variable is not set
 * @param heapMegabytes the maximum heap ({@code -Xmx})
 * @param wave services of a lower wave are healthy before those of a higher wave start
 * @param protocolPath whether the service carries HL7, DICOM or DICOMweb traffic (the gateway is on every viewer's
 *     request): it runs with the full tiered JIT
 *     compiler (C2) for throughput; the others stop at C1, which starts faster and keeps a smaller footprint
 */
public record ServiceDefinition(
        String name, String portVariable, int defaultPort, int heapMegabytes, int wave, boolean protocolPath) {

    /** The HTTP port, from {@code environment} or the default. */
    public int port(Map<String, String> environment) {
        String value = environment.get(portVariable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "%s must be a port number (1-65535), not '%s'".formatted(portVariable, value));
        }
    }
}
