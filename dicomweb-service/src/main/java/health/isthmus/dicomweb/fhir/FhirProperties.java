package health.isthmus.dicomweb.fhir;

import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * FHIR settings of the archive, under {@code isthmus.dicomweb.fhir}.
 *
 * @param identifierSystems assigning authority namespace id to its FHIR identifier system (for example
 *     {@code GENHOSP: urn:oid:1.2.3}); an authority without one uses its namespace id as the system
 * @param timeZone the zone study dates and times (which DICOM records without one) are read in; the JVM's by default
 */
@Validated
@ConfigurationProperties("isthmus.dicomweb.fhir")
public record FhirProperties(
        Map<String, String> identifierSystems, @Nullable ZoneId timeZone) {

    public FhirProperties {
        identifierSystems = identifierSystems == null ? Map.of() : Map.copyOf(identifierSystems);
    }

    /** The FHIR system of an assigning authority. */
    String systemOf(String assigningAuthority) {
        return identifierSystems.getOrDefault(assigningAuthority, assigningAuthority);
    }

    /** The assigning authority a FHIR system names (a configured URI, or the namespace id itself). */
    String authorityOf(String system) {
        return identifierSystems.entrySet().stream()
                .filter(entry -> entry.getValue().equals(system))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(system);
    }

    ZoneId zone() {
        return timeZone == null ? ZoneId.systemDefault() : timeZone;
    }
}
