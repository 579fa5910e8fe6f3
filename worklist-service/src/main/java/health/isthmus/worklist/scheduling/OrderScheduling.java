package health.isthmus.worklist.scheduling;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.OrderCancelled;
import health.isthmus.events.hl7.OrderChanged;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.OrderStatusChanged;
import health.isthmus.worklist.audit.WorklistAudit;
import health.isthmus.worklist.scheduling.KnownIdentities.KnownIdentity;
import health.isthmus.worklist.scheduling.domain.Hl7DateTimes;
import health.isthmus.worklist.scheduling.domain.PersonNames;
import health.isthmus.worklist.scheduling.domain.Priorities;
import health.isthmus.worklist.scheduling.domain.Procedure;
import health.isthmus.worklist.scheduling.domain.ProcedureCode;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepPatient;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import health.isthmus.worklist.scheduling.domain.StudyUids;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies the orders of hl7-ingest-service to the worklist: NW schedules a step (a repeated NW updates it), XO
 * changes it (or schedules it when the worklist never saw the NW), CA and DC cancel it, HD holds it, RL releases
 * it, SC moves it to the order status ORC-5 names (IP in progress, CM completed, DC discontinued, CA cancelled, HD
 * on hold). Runs in the inbox's transaction.
 */
@Component
public class OrderScheduling {

    private static final Logger log = LoggerFactory.getLogger(OrderScheduling.class);

    private final ProcedureSteps steps;
    private final KnownIdentities identities;
    private final StepJournal journal;
    private final WorklistAudit audit;
    private final SchedulingProperties properties;
    private final Clock clock;

    public OrderScheduling(
            ProcedureSteps steps,
            KnownIdentities identities,
            StepJournal journal,
            WorklistAudit audit,
            SchedulingProperties properties,
            Clock clock) {
        this.steps = steps;
        this.identities = identities;
        this.journal = journal;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    public void apply(OrderEvent event) {
        identities.lock(List.of(event.patient().primaryIdentifier()));
        switch (event) {
            case OrderPlaced placed -> schedule(placed);
            case OrderChanged changed -> schedule(changed);
            case OrderCancelled cancelled -> cancel(cancelled);
            case OrderStatusChanged status -> changeStatus(status);
        }
    }

    private void schedule(OrderEvent event) {
        OrderDetails order = event.order();
        String site = siteOf(event.origin());
        String accession = accessionOf(order);
        // An order without a scheduled procedure step id or requested procedure id has one requested procedure with
        // one step: both take the accession number, so that a resent or changed order finds the same step again.
        String stepId = order.scheduledProcedureStepId() != null ? order.scheduledProcedureStepId() : accession;
        String cause = causeOf(event.origin());
        Map<String, Object> detail = detail(event);
        // without a step id in the order, every step of the order is the order's
        List<Step> existing = steps.lockByOrder(site, accession, order.scheduledProcedureStepId());
        if (existing.isEmpty()) {
            Instant now = clock.instant();
            Step step = new Step(
                    0,
                    site,
                    accession,
                    stepId,
                    procedure(order, site, accession, null),
                    patient(event.patient(), null),
                    StepStatus.SCHEDULED,
                    false,
                    now,
                    now,
                    1);
            Step stored = journal.scheduled(step, cause, detail);
            log.debug("scheduled step {} of order {} at {}", stored.id(), accession, site);
            audit(event, "order scheduled", AuditAction.C, stored, AuditOutcome.SUCCESS);
            return;
        }
        for (Step before : existing) {
            Step after = before.withProcedure(procedure(order, site, accession, before.procedure()))
                    .withPatient(patient(event.patient(), before.patient()));
            Optional<Step> changed = journal.changed(before, after, "changed", cause, detail);
            audit(
                    event,
                    changed.isPresent() ? "order changed" : "order resent without changes",
                    AuditAction.U,
                    changed.orElse(before),
                    AuditOutcome.SUCCESS);
        }
    }

    private void cancel(OrderCancelled event) {
        String action = "DC".equals(event.order().orderControl()) ? "discontinued by the placer" : "cancelled";
        List<Step> found = stepsOf(event);
        for (Step step : found) {
            if (step.status().open()) {
                journal.changed(
                        step, step.withStatus(StepStatus.CANCELLED), action, causeOf(event.origin()), detail(event));
                audit(event, "order cancelled", AuditAction.D, step, AuditOutcome.SUCCESS);
            } else {
                audit(
                        event,
                        "order cancel of a " + step.status() + " step ignored",
                        AuditAction.D,
                        step,
                        AuditOutcome.MINOR_FAILURE);
            }
        }
    }

    private void changeStatus(OrderStatusChanged event) {
        OrderDetails order = event.order();
        String orderStatus = order.orderStatus();
        for (Step step : stepsOf(event)) {
            Step after = switch (order.orderControl()) {
                case "HD" -> step.withOnHold(true);
                case "RL" -> step.withOnHold(false);
                default -> afterStatus(step, orderStatus);
            };
            String action = switch (order.orderControl()) {
                case "HD" -> "held";
                case "RL" -> "released";
                default -> "status changed";
            };
            Optional<Step> changed = journal.changed(step, after, action, causeOf(event.origin()), detail(event));
            audit(
                    event,
                    changed.isPresent() ? "order " + action : "order status noted without change",
                    AuditAction.U,
                    changed.orElse(step),
                    AuditOutcome.SUCCESS);
        }
    }

    // ORC-5 order status (HL7 table 0038); statuses of a finished step stay as they are
    private static Step afterStatus(Step step, @Nullable String orderStatus) {
        if (orderStatus == null || !step.status().open()) {
            return step;
        }
        return switch (orderStatus) {
            case "IP" -> step.status() == StepStatus.SCHEDULED ? step.withStatus(StepStatus.IN_PROGRESS) : step;
            case "CM" -> step.withStatus(StepStatus.COMPLETED);
            case "DC" -> step.withStatus(StepStatus.DISCONTINUED);
            case "CA" -> step.withStatus(StepStatus.CANCELLED);
            case "HD" -> step.withOnHold(true);
            default -> step;
        };
    }

    /** The steps an order event names: the one step it names by id, or every step of the order. */
    private List<Step> stepsOf(OrderEvent event) {
        String site = siteOf(event.origin());
        String accession = accessionOf(event.order());
        List<Step> found = steps.lockByOrder(site, accession, event.order().scheduledProcedureStepId());
        if (found.isEmpty()) {
            log.debug(
                    "{} {} names no step of the worklist (order {} at {})",
                    event.order().orderControl(),
                    event.origin().controlId(),
                    accession,
                    site);
            audit.orderMessage(
                    event.origin(),
                    "order " + event.order().orderControl() + " for an order the worklist does not hold",
                    AuditAction.U,
                    event.patient().primaryIdentifier(),
                    accession,
                    AuditOutcome.MINOR_FAILURE,
                    site);
        }
        return found;
    }

    private Procedure procedure(OrderDetails order, String site, String accession, @Nullable Procedure before) {
        List<ProcedureCode> codes = order.procedureCodes().stream()
                .map(c -> new ProcedureCode(
                        c.code(),
                        c.text() != null ? c.text() : c.code(),
                        c.codingSystem() != null ? c.codingSystem() : "L"))
                .toList();
        String description = order.procedureCodes().isEmpty()
                ? null
                : textOf(order.procedureCodes().getFirst());
        String studyUid = order.studyInstanceUid() != null
                ? order.studyInstanceUid()
                : before != null ? before.studyInstanceUid() : StudyUids.generate();
        return new Procedure(
                order.placerOrderNumber(),
                order.fillerOrderNumber(),
                order.requestedProcedureId() != null ? order.requestedProcedureId() : accession,
                description,
                codes,
                description,
                List.of(),
                order.modality(),
                order.scheduledStationAeTitle(),
                order.scheduledStationName(),
                before == null ? null : before.location(),
                Hl7DateTimes.scheduledStart(order.scheduledStart(), properties.zoneOf(site)),
                before == null ? null : before.performingPhysician(),
                PersonNames.toDicom(order.orderingProvider()),
                before == null ? null : before.referringPhysician(),
                Priorities.normalized(order.priority()),
                order.reason() == null ? null : textOf(order.reason()),
                studyUid);
    }

    /**
     * The patient as the order names it (the first PID-3 identifier is the Patient ID), with the MPI's identity and
     * its identifiers when the MPI has named that identifier, the step's former identity otherwise. An identifier the
     * MPI retired (the HIS may still send it after a merge) gives way to the survivor's, as the MPI redirects it.
     */
    private StepPatient patient(PatientDemographics pid, @Nullable StepPatient before) {
        PatientIdentifier sent = pid.primaryIdentifier();
        Optional<KnownIdentity> identity = identities.named(sent);
        PatientIdentifier key = identity.map(known -> known.current(sent)).orElse(sent);
        return new StepPatient(
                key.value(),
                key.assigningAuthority(),
                identity.map(KnownIdentity::identifiers).orElse(pid.identifiers()),
                identity.map(KnownIdentity::euid).orElse(before == null ? null : before.euid()),
                pid.names().isEmpty() ? null : PersonNames.toDicom(pid.names().getFirst()),
                pid.birthDate(),
                pid.sex());
    }

    private void audit(OrderEvent event, String what, AuditAction action, Step step, AuditOutcome outcome) {
        audit.orderMessage(
                event.origin(),
                what,
                action,
                step.patient().identifier(),
                step.accessionNumber(),
                outcome,
                step.site());
    }

    private static Map<String, Object> detail(OrderEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("orderControl", event.order().orderControl());
        if (event.order().orderStatus() != null) {
            detail.put("orderStatus", event.order().orderStatus());
        }
        detail.put("messageId", event.origin().messageId());
        return detail;
    }

    static String siteOf(Hl7Origin origin) {
        return origin.site() != null ? origin.site() : origin.sendingFacility();
    }

    // hl7-ingest keys an order without an accession number by its placer order number: so does the worklist
    private static String accessionOf(OrderDetails order) {
        return order.accessionNumber() != null ? order.accessionNumber() : order.placerOrderNumber();
    }

    private static String causeOf(Hl7Origin origin) {
        return "hl7 " + origin.sendingFacility() + "|" + origin.controlId() + " " + origin.triggerEvent();
    }

    private static String textOf(CodedValue value) {
        return value.text() != null ? value.text() : value.code();
    }
}
