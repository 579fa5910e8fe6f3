package health.isthmus.mpi.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.isthmus.mpi.registry.PatientRecord;
import health.isthmus.mpi.registry.PatientRecords;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** FHIR Patient read and search by identifier ({@code system|value}, the EUID system included). */
@Component
public class PatientResourceProvider implements IResourceProvider {

    private final PatientRecords records;
    private final PatientMapper mapper;
    private final IdentifierSystems systems;

    public PatientResourceProvider(PatientRecords records, PatientMapper mapper, IdentifierSystems systems) {
        this.records = records;
        this.mapper = mapper;
        this.systems = systems;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) {
            throw new ResourceNotFoundException(id);
        }
        return records.findById(id.getIdPartAsLong())
                .map(mapper::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public List<Patient> searchByIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier) {
        String value = identifier.getValue();
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("identifier needs a value: system|value or value");
        }
        String system = identifier.getSystem();
        List<PatientRecord> found;
        if (system == null || system.isBlank()) {
            found = records.findByIdentifierValue(value);
        } else if (IdentifierSystems.EUID_SYSTEM.equals(system)) {
            found = euid(value).map(records::findByEuid).orElse(List.of());
        } else {
            found = records.findByIdentifier(value, systems.authorityOf(system));
        }
        return found.stream().map(mapper::toFhir).toList();
    }

    private static java.util.Optional<UUID> euid(String value) {
        try {
            return java.util.Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
