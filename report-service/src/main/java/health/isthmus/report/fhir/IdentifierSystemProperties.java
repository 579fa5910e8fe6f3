package health.isthmus.report.fhir;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * FHIR identifier systems of assigning authorities, under {@code isthmus.report.identifiers}.
 *
 * @param systems assigning authority namespace id to its URI (for example {@code GENHOSP: urn:oid:1.2.3}); an
 *     authority without one uses its namespace id as the system
 */
@Validated
@ConfigurationProperties("isthmus.report.identifiers")
public record IdentifierSystemProperties(Map<String, String> systems) {

    public IdentifierSystemProperties {
        systems = systems == null ? Map.of() : Map.copyOf(systems);
    }

    /** The FHIR system of an assigning authority. */
    public String systemOf(String assigningAuthority) {
        return systems.getOrDefault(assigningAuthority, assigningAuthority);
    }

    /** The assigning authority a FHIR system names (a configured URI, or the namespace id itself). */
    public String authorityOf(String system) {
        return systems.entrySet().stream()
                .filter(entry -> entry.getValue().equals(system))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(system);
    }
}
