package health.isthmus.mpi.fhir;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Translates between HL7 v2 assigning authorities and FHIR identifier systems. */
@Component
public class IdentifierSystems {

    /** The system of enterprise identifiers (EUIDs). */
    public static final String EUID_SYSTEM = "urn:isthmus:euid";

    private final Map<String, String> systemByAuthority;
    private final Map<String, String> authorityBySystem;

    public IdentifierSystems(IdentifierSystemProperties properties) {
        this.systemByAuthority = properties.systems();
        this.authorityBySystem = properties.systems().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));
    }

    /** The FHIR system of an assigning authority. */
    public String systemOf(String assigningAuthority) {
        return systemByAuthority.getOrDefault(assigningAuthority, assigningAuthority);
    }

    /** The assigning authority a FHIR system names (a configured URI, or the namespace id itself). */
    public String authorityOf(String system) {
        return authorityBySystem.getOrDefault(system, system);
    }
}
