package health.isthmus.mpi.fhir;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * FHIR identifier systems of assigning authorities, under {@code isthmus.mpi.identifiers}.
 *
 * @param systems assigning authority namespace id to its URI (for example {@code GENHOSP: urn:oid:1.2.3});
 *     an authority without one uses its namespace id as the system
 */
@Validated
@ConfigurationProperties("isthmus.mpi.identifiers")
public record IdentifierSystemProperties(Map<String, String> systems) {

    public IdentifierSystemProperties {
        systems = systems == null ? Map.of() : Map.copyOf(systems);
    }
}
