package health.isthmus.events;

import health.isthmus.events.archive.InstanceStored;
import health.isthmus.events.archive.StudyDeleted;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.hl7.AdmissionCancelled;
import health.isthmus.events.hl7.DischargeCancelled;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.OrderCancelled;
import health.isthmus.events.hl7.OrderChanged;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.OrderStatusChanged;
import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.events.hl7.PatientClassChanged;
import health.isthmus.events.hl7.PatientDischarged;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientPreAdmitted;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientTransferred;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.events.hl7.PersonAdded;
import health.isthmus.events.hl7.PersonUpdated;
import health.isthmus.events.hl7.TransferCancelled;
import health.isthmus.events.mpi.EnterprisePatientCreated;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import health.isthmus.events.mpi.EnterprisePatientUpdated;
import health.isthmus.events.report.ReportAmended;
import health.isthmus.events.report.ReportDelivered;
import health.isthmus.events.report.ReportDeliveryFailed;
import health.isthmus.events.report.ReportFinalized;
import health.isthmus.events.worklist.ProcedureCancelled;
import health.isthmus.events.worklist.ProcedureChanged;
import health.isthmus.events.worklist.ProcedureCompleted;
import health.isthmus.events.worklist.ProcedureDiscontinued;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStarted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every published contract, so that wire type names and record classes can be translated both ways. */
public final class EventCatalog {

    private static final List<Class<? extends IsthmusEvent>> CONTRACTS = List.of(
            PatientRegistered.class,
            PatientAdmitted.class,
            PatientUpdated.class,
            PatientsMerged.class,
            PatientTransferred.class,
            PatientDischarged.class,
            PatientPreAdmitted.class,
            PatientClassChanged.class,
            AdmissionCancelled.class,
            TransferCancelled.class,
            DischargeCancelled.class,
            PersonAdded.class,
            PersonUpdated.class,
            PatientIdentifierChanged.class,
            OrderPlaced.class,
            OrderChanged.class,
            OrderCancelled.class,
            OrderStatusChanged.class,
            ExternalReportReceived.class,
            AuditEventRecorded.class,
            EnterprisePatientCreated.class,
            EnterprisePatientUpdated.class,
            EnterprisePatientLinked.class,
            EnterprisePatientUnlinked.class,
            EnterprisePatientMerged.class,
            ProcedureScheduled.class,
            ProcedureChanged.class,
            ProcedureCancelled.class,
            ProcedureStarted.class,
            ProcedureCompleted.class,
            ProcedureDiscontinued.class,
            InstanceStored.class,
            StudyStable.class,
            StudyUpdated.class,
            StudyDeleted.class,
            ReportFinalized.class,
            ReportAmended.class,
            ReportDelivered.class,
            ReportDeliveryFailed.class);

    private static final Map<String, Class<? extends IsthmusEvent>> BY_WIRE_TYPE =
            CONTRACTS.stream().collect(Collectors.toUnmodifiableMap(EventCatalog::wireType, Function.identity()));

    private EventCatalog() {}

    /** All contracts known to this version of the library. */
    public static List<Class<? extends IsthmusEvent>> contracts() {
        return CONTRACTS;
    }

    /** The wire type of a contract, for example {@code hl7.PatientRegistered.v1}. */
    public static String wireType(Class<?> contract) {
        EventContract annotation = contract(contract);
        return annotation.type() + ".v" + annotation.version();
    }

    /** The topic a contract is published on. */
    public static String topic(Class<?> contract) {
        return contract(contract).topic();
    }

    /** The contract class for a wire type, if this library knows it. */
    public static Optional<Class<? extends IsthmusEvent>> forWireType(String wireType) {
        return Optional.ofNullable(BY_WIRE_TYPE.get(wireType));
    }

    private static EventContract contract(Class<?> type) {
        EventContract annotation = type.getAnnotation(EventContract.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @EventContract");
        }
        return annotation;
    }
}
