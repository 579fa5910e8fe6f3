package health.isthmus.mpi.registry;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.PatientEvent;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.mpi.audit.PatientAudit;
import health.isthmus.mpi.matching.DemographicsTranslator;
import health.isthmus.mpi.matching.domain.Candidate;
import health.isthmus.mpi.matching.domain.MatchDecision;
import health.isthmus.mpi.matching.domain.MatchingEngine;
import health.isthmus.mpi.matching.domain.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Keeps the registry in step with the hospital systems, one HL7 event at a time, inside the inbox transaction:
 *
 * <ul>
 *   <li>a registration, admission or update of an unknown identifier creates its source record, and matching
 *       decides its identity: linked to an existing one, a new one with review tasks, or a new one;
 *   <li>the same for a known identifier replaces the record's demographics (a new version) and, when the record now
 *       looks like another identity's person, opens a review task; an update never links on its own;
 *   <li>an A40 merge marks the records of MRG-1 merged into the survivor of PID-3, retires their identifiers and
 *       moves the rest of their identity to the survivor's; a resent merge changes nothing;
 *   <li>an A47 identifier change re-keys the record and retires the previous identifier;
 *   <li>an event naming a retired identifier follows the {@link RetiredIdentifierPolicy}.
 * </ul>
 *
 * Every change publishes its MPI event and its audit record in the same transaction.
 */
@Service
public class PatientRegistry {

    private static final Logger log = LoggerFactory.getLogger(PatientRegistry.class);

    private final PatientRecords records;
    private final RetiredIdentifiers retired;
    private final MatchDecisions decisions;
    private final ReviewTasks reviews;
    private final Merges merges;
    private final MatchingEngine engine;
    private final DemographicsTranslator translator;
    private final IdentityEvents events;
    private final PatientAudit audit;
    private final RegistryProperties properties;
    private final Clock clock;

    public PatientRegistry(
            PatientRecords records,
            RetiredIdentifiers retired,
            MatchDecisions decisions,
            ReviewTasks reviews,
            Merges merges,
            MatchingEngine engine,
            DemographicsTranslator translator,
            IdentityEvents events,
            PatientAudit audit,
            RegistryProperties properties,
            Clock clock) {
        this.records = records;
        this.retired = retired;
        this.decisions = decisions;
        this.reviews = reviews;
        this.merges = merges;
        this.engine = engine;
        this.translator = translator;
        this.events = events;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** Applies one event of hl7-ingest-service's patient topic; other events are ignored. */
    public void apply(IsthmusEvent event) {
        switch (event) {
            case PatientEvent patientEvent -> register(patientEvent.origin(), patientEvent.patient());
            case PatientsMerged merged -> merge(merged);
            case PatientIdentifierChanged changed -> changeIdentifier(changed);
            default -> log.debug("ignoring {}", event.getClass().getSimpleName());
        }
    }

    private void register(Hl7Origin origin, PatientDemographics patient) {
        PatientIdentifier key = patient.primaryIdentifier();
        Optional<Long> survivor = retired.survivorOf(key);
        if (survivor.isPresent()) {
            if (retired.retiredAfter(key, origin.receivedAt())) {
                // sent before the merge but applied after it (another partition): the merge already said who the
                // survivor is and what it looks like, so this older message must not overwrite it
                audit.hl7Change(
                        origin,
                        "update of an identifier retired after it was sent: superseded",
                        AuditAction.U,
                        patient.identifiers(),
                        null,
                        AuditOutcome.MINOR_FAILURE,
                        "the message was received before the merge or identifier change that retired its identifier;"
                                + " nothing changed");
                log.info(
                        "{} from {} was sent before its identifier was retired: superseded",
                        origin.triggerEvent(),
                        origin.controlId());
                return;
            }
            namesRetiredIdentifier(origin, patient, survivor.get());
            return;
        }
        Optional<PatientRecord> existing = records.findByKey(key);
        if (existing.isPresent()) {
            update(origin, existing.get(), patient);
        } else {
            create(origin, patient);
        }
    }

    private PatientRecord create(Hl7Origin origin, PatientDemographics patient) {
        Instant now = clock.instant();
        String writtenBy = writtenBy(origin);
        MatchDecision decision = engine.match(translator.toMatching(patient));
        PatientRecord record;
        if (decision.outcome() == Outcome.LINK) {
            UUID euid = decision.euid().orElseThrow();
            record = records.create(euid, patient, siteOf(origin), writtenBy, now);
            events.linked(euid, patient.identifiers(), null, cause(origin));
        } else {
            UUID euid = records.newIdentity(now);
            record = records.create(euid, patient, siteOf(origin), writtenBy, now);
            if (decision.outcome() == Outcome.REVIEW) {
                for (Candidate candidate : decision.candidates()) {
                    reviews.open(record.id(), candidate, now);
                }
            }
            events.created(euid, cause(origin));
        }
        decisions.record(record.id(), decision, record.euid(), writtenBy, now);
        engine.index(record.id(), record.euid(), translator.toMatching(patient));
        audit.hl7Change(
                origin,
                "register patient (" + decision.outcome().name().toLowerCase(java.util.Locale.ROOT) + ")",
                AuditAction.C,
                patient.identifiers(),
                record.euid(),
                AuditOutcome.SUCCESS,
                null);
        log.debug("source record {} created from {}: {}", record.id(), origin.triggerEvent(), decision.outcome());
        return record;
    }

    private void update(Hl7Origin origin, PatientRecord existing, PatientDemographics patient) {
        if (existing.demographics().equals(patient)) {
            audit.hl7Change(
                    origin,
                    "update patient (no change)",
                    AuditAction.U,
                    patient.identifiers(),
                    existing.euid(),
                    AuditOutcome.SUCCESS,
                    null);
            return;
        }
        PatientRecord updated = write(origin, existing, patient);
        events.updated(updated.euid(), List.of(), cause(origin));
        audit.hl7Change(
                origin,
                "update patient",
                AuditAction.U,
                patient.identifiers(),
                updated.euid(),
                AuditOutcome.SUCCESS,
                null);
    }

    /** Writes new demographics, re-indexes the record and opens review tasks for identities it now resembles. */
    private PatientRecord write(Hl7Origin origin, PatientRecord existing, PatientDemographics patient) {
        Instant now = clock.instant();
        PatientRecord updated = records.update(existing, patient, siteOf(origin), writtenBy(origin), now);
        var matching = translator.toMatching(patient);
        engine.index(updated.id(), updated.euid(), matching);
        if (properties.reviewsUpdates()) {
            for (Candidate candidate : engine.otherIdentitiesLike(matching, updated.euid())) {
                if (reviews.open(updated.id(), candidate, now)) {
                    log.debug("update of source record {} opened a review task", updated.id());
                }
            }
        }
        return updated;
    }

    private void namesRetiredIdentifier(Hl7Origin origin, PatientDemographics patient, long survivorId) {
        PatientRecord survivor = records.findById(survivorId).orElseThrow();
        List<PatientIdentifier> named = new ArrayList<>(patient.identifiers());
        named.addAll(survivor.demographics().identifiers());
        if (properties.policy() == RetiredIdentifierPolicy.REJECT || !survivor.active()) {
            audit.hl7Change(
                    origin,
                    "update of a retired identifier refused",
                    AuditAction.U,
                    named,
                    survivor.euid(),
                    AuditOutcome.SERIOUS_FAILURE,
                    "the patient identifier was retired by a merge or an identifier change; nothing changed");
            log.info("{} from {} names a retired identifier: refused", origin.triggerEvent(), origin.controlId());
            return;
        }
        PatientDemographics redirected = new PatientDemographics(
                survivor.demographics().identifiers(),
                patient.names(),
                patient.birthDate(),
                patient.sex(),
                patient.address(),
                patient.phone());
        if (!survivor.demographics().equals(redirected)) {
            PatientRecord updated = write(origin, survivor, redirected);
            events.updated(updated.euid(), List.of(), cause(origin));
        }
        audit.hl7Change(
                origin,
                "update of a retired identifier redirected to the survivor",
                AuditAction.U,
                named,
                survivor.euid(),
                AuditOutcome.SUCCESS,
                null);
        log.info("{} from {} names a retired identifier: redirected", origin.triggerEvent(), origin.controlId());
    }

    private void merge(PatientsMerged merge) {
        Hl7Origin origin = merge.origin();
        PatientDemographics survivorDemographics = merge.survivor();
        PatientIdentifier survivorKey = survivorDemographics.primaryIdentifier();
        if (retired.survivorOf(survivorKey).isPresent()) {
            refuse(origin, merge.retired(), survivorKey, "merge into a retired identifier refused");
            return;
        }
        Optional<PatientRecord> known = records.findByKey(survivorKey);
        PatientRecord survivor;
        if (known.isEmpty()) {
            survivor = create(origin, survivorDemographics);
        } else if (!known.get().demographics().equals(survivorDemographics)) {
            survivor = write(origin, known.get(), survivorDemographics);
        } else {
            survivor = known.get();
        }
        Instant now = clock.instant();
        List<PatientIdentifier> newlyRetired = new ArrayList<>();
        UUID retiredEuid = null;
        for (PatientIdentifier identifier : merge.retired()) {
            if (sameKey(identifier, survivorKey)) {
                continue;
            }
            Optional<Long> retiredInto = retired.survivorOf(identifier);
            if (retiredInto.isPresent()) {
                if (retiredInto.get() != survivor.id()) {
                    refuse(origin, List.of(identifier), survivorKey, "identifier already merged into another record");
                }
                continue; // a resent merge changes nothing
            }
            Optional<PatientRecord> merged = records.findByKey(identifier);
            if (merged.isEmpty()) {
                // never registered here: retire it anyway, so later messages naming it follow the policy
                retired.retire(identifier, survivor.id(), "merge", null, origin.receivedAt());
                newlyRetired.add(identifier);
                continue;
            }
            PatientRecord old = merged.get();
            if (!old.active()) {
                refuse(origin, List.of(identifier), survivorKey, "identifier already merged into another record");
                continue;
            }
            records.markMerged(old.id(), survivor.id());
            engine.forget(old.id());
            List<Long> moved = new ArrayList<>();
            if (!old.euid().equals(survivor.euid())) {
                records.findByEuid(old.euid()).forEach(other -> moved.add(other.id()));
                records.moveToIdentity(moved, survivor.euid());
                records.retireIdentity(old.euid(), survivor.euid());
                retiredEuid = old.euid();
            }
            long mergeId = merges.record(survivor.id(), old.id(), old.euid(), moved, writtenBy(origin), now);
            retired.retire(identifier, survivor.id(), "merge", mergeId, origin.receivedAt());
            reviews.withdrawOpen(old.id(), "merge " + mergeId, now);
            newlyRetired.add(identifier);
        }
        List<PatientIdentifier> named = new ArrayList<>(survivorDemographics.identifiers());
        named.addAll(merge.retired());
        if (newlyRetired.isEmpty()) {
            if (known.isPresent() && survivor != known.get()) {
                events.updated(survivor.euid(), List.of(), cause(origin));
            }
            audit.hl7Change(
                    origin,
                    "merge patients (nothing left to merge)",
                    AuditAction.U,
                    named,
                    survivor.euid(),
                    AuditOutcome.SUCCESS,
                    null);
            return;
        }
        events.merged(survivor.euid(), newlyRetired, retiredEuid, cause(origin));
        audit.hl7Change(origin, "merge patients", AuditAction.U, named, survivor.euid(), AuditOutcome.SUCCESS, null);
    }

    private void changeIdentifier(PatientIdentifierChanged change) {
        Hl7Origin origin = change.origin();
        PatientIdentifier newKey = change.patient().primaryIdentifier();
        PatientIdentifier previous = change.previous();
        Optional<PatientRecord> current = records.findByKey(previous);
        Optional<PatientRecord> holder = records.findByKey(newKey);
        if (current.isEmpty() || !current.get().active()) {
            Optional<Long> renamedTo = retired.survivorOf(previous);
            if (holder.isPresent()
                    && renamedTo.isPresent()
                    && renamedTo.get() == holder.get().id()) {
                update(origin, holder.get(), change.patient()); // a resent change
            } else if (holder.isEmpty()
                    && renamedTo.isEmpty()
                    && retired.survivorOf(newKey).isEmpty()) {
                // the previous identifier was never registered here: register the new one, retire the old
                PatientRecord created = create(origin, change.patient());
                retired.retire(previous, created.id(), "identifier-change", null, origin.receivedAt());
            } else {
                refuse(origin, List.of(previous), newKey, "identifier change of an unknown or retired identifier");
            }
            return;
        }
        if (holder.isPresent() && holder.get().id() != current.get().id()) {
            refuse(origin, List.of(previous), newKey, "identifier change to an identifier of another patient");
            return;
        }
        Optional<Long> newKeyRetiredInto = retired.survivorOf(newKey);
        if (newKeyRetiredInto.isPresent()) {
            if (newKeyRetiredInto.get() != current.get().id()) {
                refuse(origin, List.of(previous), newKey, "identifier change to a retired identifier");
                return;
            }
            retired.restore(newKey); // changed back to an identifier this record carried before
        }
        PatientRecord updated = write(origin, current.get(), change.patient());
        retired.retire(previous, updated.id(), "identifier-change", null, origin.receivedAt());
        events.updated(updated.euid(), List.of(previous), cause(origin));
        List<PatientIdentifier> named = new ArrayList<>(change.patient().identifiers());
        named.add(previous);
        audit.hl7Change(
                origin, "change patient identifier", AuditAction.U, named, updated.euid(), AuditOutcome.SUCCESS, null);
    }

    private void refuse(Hl7Origin origin, List<PatientIdentifier> retiredIds, PatientIdentifier key, String what) {
        List<PatientIdentifier> named = new ArrayList<>(retiredIds);
        named.add(key);
        audit.hl7Change(
                origin, what, AuditAction.U, named, null, AuditOutcome.SERIOUS_FAILURE, what + "; nothing changed");
        log.info("{} from {} refused: {}", origin.triggerEvent(), origin.controlId(), what);
    }

    private static boolean sameKey(PatientIdentifier a, PatientIdentifier b) {
        return a.value().equals(b.value()) && a.assigningAuthority().equals(b.assigningAuthority());
    }

    private static MpiCause cause(Hl7Origin origin) {
        return new MpiCause("hl7", reference(origin), null);
    }

    // events published before hl7-ingest-service recorded sites name the site by the sending facility only
    private static String siteOf(Hl7Origin origin) {
        return origin.site() != null ? origin.site() : origin.sendingFacility();
    }

    private static String writtenBy(Hl7Origin origin) {
        return "hl7 " + reference(origin);
    }

    private static String reference(Hl7Origin origin) {
        return origin.sendingFacility() + "|" + origin.controlId() + " " + origin.triggerEvent();
    }
}
