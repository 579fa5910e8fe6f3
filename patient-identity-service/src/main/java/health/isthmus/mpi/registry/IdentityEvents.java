package health.isthmus.mpi.registry;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.EnterprisePatientCreated;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import health.isthmus.events.mpi.EnterprisePatientUpdated;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.platform.outbox.EventPublisher;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Publishes the MPI's events through the outbox, in the transaction of the change: each carries the identity as
 * it stands after the change, read back from the registry.
 */
@Component
public class IdentityEvents {

    private final PatientRecords records;
    private final EventPublisher events;

    public IdentityEvents(PatientRecords records, EventPublisher events) {
        this.records = records;
        this.events = events;
    }

    public void created(UUID euid, MpiCause cause) {
        Identity identity = identity(euid);
        events.publish(new EnterprisePatientCreated(euid, identity.identifiers, identity.demographics, cause));
    }

    public void updated(UUID euid, List<PatientIdentifier> retired, MpiCause cause) {
        Identity identity = identity(euid);
        events.publish(new EnterprisePatientUpdated(euid, identity.identifiers, identity.demographics, retired, cause));
    }

    public void linked(UUID euid, List<PatientIdentifier> linked, @Nullable UUID formerEuid, MpiCause cause) {
        Identity identity = identity(euid);
        events.publish(new EnterprisePatientLinked(
                euid, identity.identifiers, identity.demographics, linked, formerEuid, cause));
    }

    public void unlinked(UUID euid, List<PatientIdentifier> unlinked, UUID newEuid, MpiCause cause) {
        Identity identity = identity(euid);
        events.publish(new EnterprisePatientUnlinked(
                euid, identity.identifiers, identity.demographics, unlinked, newEuid, cause));
    }

    public void merged(UUID euid, List<PatientIdentifier> retired, @Nullable UUID retiredEuid, MpiCause cause) {
        Identity identity = identity(euid);
        events.publish(new EnterprisePatientMerged(
                euid, identity.identifiers, identity.demographics, retired, retiredEuid, cause));
    }

    private Identity identity(UUID euid) {
        List<PatientRecord> active = records.findByEuid(euid);
        if (active.isEmpty()) {
            throw new IllegalStateException("identity " + euid + " has no active record");
        }
        PatientRecord latest = active.stream()
                .max(Comparator.comparing(PatientRecord::updatedAt).thenComparingLong(PatientRecord::id))
                .orElseThrow();
        return new Identity(records.identifiersOf(active), latest.demographics());
    }

    private record Identity(List<PatientIdentifier> identifiers, PatientDemographics demographics) {}
}
