package health.isthmus.mpi.registry;

import health.isthmus.events.hl7.PatientEvent;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Keeps the registry in step with the hospital systems: a registration, admission or update of a patient
 * creates the source record under a new enterprise identity when the identifier is new, and replaces its
 * demographics otherwise. Called inside the inbox transaction.
 */
@Service
public class PatientRegistry {

    private static final Logger log = LoggerFactory.getLogger(PatientRegistry.class);

    private final PatientRecords records;

    public PatientRegistry(PatientRecords records) {
        this.records = records;
    }

    /** Applies one patient event. */
    public void apply(PatientEvent event) {
        var origin = event.origin();
        Optional<PatientRecord> existing = records.findByKey(event.patient().primaryIdentifier());
        if (existing.isPresent()) {
            records.update(
                    existing.get().id(),
                    event.patient(),
                    origin.sendingFacility(),
                    origin.controlId(),
                    origin.receivedAt());
            log.debug("source record {} updated from {}", existing.get().id(), origin.triggerEvent());
        } else {
            PatientRecord created =
                    records.create(event.patient(), origin.sendingFacility(), origin.controlId(), origin.receivedAt());
            log.debug("source record {} created from {}", created.id(), origin.triggerEvent());
        }
    }
}
