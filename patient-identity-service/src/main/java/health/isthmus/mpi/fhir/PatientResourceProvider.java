package health.isthmus.mpi.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.mpi.audit.PatientAudit;
import health.isthmus.mpi.matching.DemographicsTranslator;
import health.isthmus.mpi.matching.domain.Candidate;
import health.isthmus.mpi.matching.domain.Demographics;
import health.isthmus.mpi.matching.domain.MatchDecision;
import health.isthmus.mpi.matching.domain.MatchingEngine;
import health.isthmus.mpi.matching.domain.MatchingSettings;
import health.isthmus.mpi.registry.PatientRecord;
import health.isthmus.mpi.registry.PatientRecords;
import health.isthmus.platform.security.SiteScope;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * FHIR Patient: read (merged records too, inactive with a {@code replaced-by} link), search by identifier ({@code
 * system|value}, the EUID system included), family, given, birthdate and gender; {@code $match} with scored
 * candidates; {@code $ihe-pix}, the cross-reference of every identifier of a person from one of them. Every call is
 * audited with the user of the token.
 *
 * <p>A caller whose token is limited to sites ({@link SiteScope}) sees only the records of its sites: the others are
 * left out of searches, {@code $match} and {@code $ihe-pix}, answered 404 when read, and left out of the links of the
 * records it sees.
 */
@Component
public class PatientResourceProvider implements IResourceProvider {

    /** Most results one search or $match returns. */
    static final int MAX_RESULTS = 100;

    private static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";

    private final PatientRecords records;
    private final PatientMapper mapper;
    private final IdentifierSystems systems;
    private final MatchingEngine engine;
    private final DemographicsTranslator translator;
    private final PatientAudit audit;

    public PatientResourceProvider(
            PatientRecords records,
            PatientMapper mapper,
            IdentifierSystems systems,
            MatchingEngine engine,
            DemographicsTranslator translator,
            PatientAudit audit) {
        this.records = records;
        this.mapper = mapper;
        this.systems = systems;
        this.engine = engine;
        this.translator = translator;
        this.audit = audit;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id, HttpServletRequest request) {
        SiteScope scope = SiteScope.current();
        Optional<PatientRecord> record =
                id.isIdPartValidLong() ? records.findById(id.getIdPartAsLong(), scope) : Optional.empty();
        if (record.isEmpty()) {
            audit.userAccess(
                    AuditCodes.PATIENT_RECORD,
                    "read Patient (not found)",
                    AuditAction.R,
                    List.of(),
                    List.of(),
                    "Patient/" + id.getIdPart(),
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw new ResourceNotFoundException(id);
        }
        auditRead("read Patient", List.of(record.get()), null, request);
        return resource(record.get(), scope);
    }

    @Search(allowUnknownParams = false)
    public List<Patient> search(
            @OptionalParam(name = Patient.SP_IDENTIFIER) @Nullable TokenParam identifier,
            @OptionalParam(name = Patient.SP_NAME) @Nullable StringParam name,
            @OptionalParam(name = Patient.SP_FAMILY) @Nullable StringParam family,
            @OptionalParam(name = Patient.SP_GIVEN) @Nullable StringParam given,
            @OptionalParam(name = Patient.SP_BIRTHDATE) @Nullable DateParam birthDate,
            @OptionalParam(name = Patient.SP_GENDER) @Nullable TokenParam gender,
            HttpServletRequest request) {
        if (identifier == null
                && name == null
                && family == null
                && given == null
                && birthDate == null
                && gender == null) {
            throw new InvalidRequestException("search Patient by identifier, name, family, given, birthdate or gender;"
                    + " an unbounded search is refused");
        }
        if (identifier == null && name == null && family == null && given == null) {
            throw new InvalidRequestException("birthdate and gender narrow a search by identifier or name");
        }
        SiteScope scope = SiteScope.current();
        List<PatientRecord> found = identifier == null
                ? records.search(
                        text(name), text(family), text(given), date(birthDate), sex(gender), scope, MAX_RESULTS)
                : byIdentifier(identifier, scope).stream()
                        .filter(record -> matches(record, name, family, given, birthDate, gender))
                        .limit(MAX_RESULTS)
                        .toList();
        auditRead("search Patient", found, request.getQueryString(), request);
        return found.stream().map(record -> resource(record, scope)).toList();
    }

    /**
     * FHIR {@code Patient/$match}: the identities the given patient may be, best first, each as the Patient of its
     * best-matching record, with {@code search.score} in [0, 1] and the match-grade extension: {@code certain} at or
     * above the link threshold, {@code probable} at or above the review threshold, {@code possible} below.
     */
    @Operation(name = "$match", idempotent = false, type = Patient.class)
    public Bundle match(
            @OperationParam(name = "resource", min = 1) Patient query,
            @OperationParam(name = "onlyCertainMatches") @Nullable BooleanType onlyCertain,
            @OperationParam(name = "count") @Nullable IntegerType count,
            HttpServletRequest request) {
        if (query == null) {
            throw new InvalidRequestException("$match needs a Patient in the parameter 'resource'");
        }
        MatchingSettings settings = engine.settings();
        Demographics incoming = translator.toMatching(
                identifiers(query),
                names(query),
                query.hasBirthDate()
                        ? query.getBirthDate()
                                .toInstant()
                                .atZone(ZoneOffset.UTC)
                                .toLocalDate()
                        : null,
                query.hasGender() ? PatientMapper.sexOf(query.getGender()) : null,
                address(query),
                phone(query));
        MatchDecision decision = engine.match(incoming);
        Map<UUID, Candidate> candidates = new LinkedHashMap<>();
        decision.candidates().forEach(c -> candidates.putIfAbsent(c.euid(), c));
        if (decision.best() != null) {
            candidates.putIfAbsent(decision.best().euid(), decision.best());
        }
        SiteScope scope = SiteScope.current();
        List<ScoredRecord> matches = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            visibleMatch(candidate, incoming, scope).ifPresent(matches::add);
        }
        matches.sort(Comparator.comparingDouble(ScoredRecord::total).reversed());
        int limit = count == null || count.getValue() == null ? 10 : Math.clamp(count.getValue(), 1, MAX_RESULTS);
        boolean certainOnly = onlyCertain != null && Boolean.TRUE.equals(onlyCertain.getValue());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        List<PatientRecord> returned = new ArrayList<>();
        for (ScoredRecord match : matches) {
            double total = match.total();
            String grade = total >= settings.linkThreshold()
                    ? "certain"
                    : total >= settings.reviewThreshold() ? "probable" : "possible";
            if ((certainOnly && !grade.equals("certain")) || returned.size() >= limit) {
                continue;
            }
            PatientRecord record = match.record();
            returned.add(record);
            Bundle.BundleEntryComponent entry =
                    bundle.addEntry().setFullUrl("Patient/" + record.id()).setResource(resource(record, scope));
            entry.getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH)
                    .setScore(Math.round(Math.clamp(total / settings.linkThreshold(), 0.0, 1.0) * 1000) / 1000.0)
                    .addExtension(MATCH_GRADE, new CodeType(grade));
        }
        bundle.setTotal(returned.size());
        auditRead("Patient $match", returned, "$match", request);
        return bundle;
    }

    /** A record $match answers with, and its score. */
    private record ScoredRecord(PatientRecord record, double total) {}

    /**
     * The candidate's record when the caller may see it; otherwise the best-scoring record of the candidate's identity
     * the caller may see (scored on its own, so that no other site's demographics shape the answer), if any.
     */
    private Optional<ScoredRecord> visibleMatch(Candidate candidate, Demographics incoming, SiteScope scope) {
        Optional<PatientRecord> record = records.findById(candidate.recordId(), scope);
        if (record.isPresent()) {
            return Optional.of(new ScoredRecord(record.get(), candidate.score().total()));
        }
        return records.findByEuid(candidate.euid(), scope).stream()
                .map(other -> new ScoredRecord(
                        other,
                        engine.score(incoming, translator.toMatching(other.demographics()))
                                .total()))
                .max(Comparator.comparingDouble(ScoredRecord::total));
    }

    /**
     * IHE PIXm {@code Patient/$ihe-pix}: every identifier of the person one identifier names (optionally only those
     * of the given target systems), and a reference to each of the person's records.
     */
    @Operation(name = "$ihe-pix", idempotent = true, type = Patient.class)
    public Parameters crossReference(
            @OperationParam(name = "sourceIdentifier", min = 1) TokenParam source,
            @OperationParam(name = "targetSystem") @Nullable List<UriType> targetSystems,
            HttpServletRequest request) {
        if (source == null || source.getValue() == null || source.getValue().isBlank()) {
            throw new InvalidRequestException("$ihe-pix needs sourceIdentifier=system|value");
        }
        if (source.getSystem() == null || source.getSystem().isBlank()) {
            throw new InvalidRequestException("sourceIdentifier needs its system: system|value");
        }
        SiteScope scope = SiteScope.current();
        List<PatientRecord> named = byIdentifier(source, scope);
        if (named.isEmpty()) {
            throw new ResourceNotFoundException(
                    "no patient has identifier " + source.getSystem() + "|" + source.getValue());
        }
        List<String> wanted = targetSystems == null
                ? List.of()
                : targetSystems.stream().map(UriType::getValue).toList();
        List<PatientRecord> person = records.findByEuid(named.getFirst().euid(), scope);
        Parameters parameters = new Parameters();
        for (PatientIdentifier id : records.identifiersOf(person)) {
            String system = systems.systemOf(id.assigningAuthority());
            if (wanted.isEmpty() || wanted.contains(system)) {
                parameters
                        .addParameter()
                        .setName("targetIdentifier")
                        .setValue(new Identifier().setSystem(system).setValue(id.value()));
            }
        }
        if (wanted.isEmpty() || wanted.contains(IdentifierSystems.EUID_SYSTEM)) {
            parameters
                    .addParameter()
                    .setName("targetIdentifier")
                    .setValue(new Identifier()
                            .setSystem(IdentifierSystems.EUID_SYSTEM)
                            .setValue(named.getFirst().euid().toString()));
        }
        for (PatientRecord record : person) {
            parameters.addParameter().setName("targetId").setValue(new Reference("Patient/" + record.id()));
        }
        auditRead("Patient $ihe-pix", person, "$ihe-pix", request);
        return parameters;
    }

    private List<PatientRecord> byIdentifier(TokenParam identifier, SiteScope scope) {
        String value = identifier.getValue();
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("identifier needs a value: system|value or value");
        }
        String system = identifier.getSystem();
        if (system == null || system.isBlank()) {
            return records.findByIdentifierValue(value, scope);
        }
        if (IdentifierSystems.EUID_SYSTEM.equals(system)) {
            return euid(value)
                    .map(euid -> records.findByEuid(records.successorOf(euid).orElse(euid), scope))
                    .orElse(List.of());
        }
        return records.findByIdentifier(value, systems.authorityOf(system), scope);
    }

    // links only to the records the caller may see
    private Patient resource(PatientRecord record, SiteScope scope) {
        Long mergedInto = record.mergedInto();
        return mapper.toFhir(
                record,
                mergedInto == null ? null : records.findById(mergedInto, scope).orElse(null),
                record.active() ? records.findByEuid(record.euid(), scope) : List.of(),
                records.findMergedInto(record.id(), scope));
    }

    private void auditRead(String what, List<PatientRecord> found, @Nullable String query, HttpServletRequest request) {
        audit.userAccess(
                query == null ? AuditCodes.PATIENT_RECORD : AuditCodes.QUERY,
                what,
                query == null ? AuditAction.R : AuditAction.E,
                found.stream().map(PatientRecord::key).toList(),
                found.stream().map(PatientRecord::euid).toList(),
                query,
                AuditOutcome.SUCCESS,
                request);
    }

    private static boolean matches(
            PatientRecord record,
            @Nullable StringParam name,
            @Nullable StringParam family,
            @Nullable StringParam given,
            @Nullable DateParam birthDate,
            @Nullable TokenParam gender) {
        var d = record.demographics();
        String any = text(name);
        String f = text(family);
        String g = text(given);
        return (any == null
                        || d.names().stream()
                                .flatMap(n -> java.util.stream.Stream.concat(
                                        java.util.stream.Stream.ofNullable(n.family()), n.given().stream()))
                                .anyMatch(part -> part.toLowerCase(Locale.ROOT).startsWith(any)))
                && (f == null
                        || d.names().stream()
                                .anyMatch(n -> n.family() != null
                                        && n.family().toLowerCase(Locale.ROOT).startsWith(f)))
                && (g == null
                        || d.names().stream()
                                .flatMap(n -> n.given().stream())
                                .anyMatch(x -> x.toLowerCase(Locale.ROOT).startsWith(g)))
                && (birthDate == null || date(birthDate).equals(d.birthDate()))
                && (gender == null || sex(gender).equalsIgnoreCase(String.valueOf(d.sex())));
    }

    private static @Nullable String text(@Nullable StringParam param) {
        if (param == null || param.getValue() == null || param.getValue().isBlank()) {
            return null;
        }
        return param.getValue().trim().toLowerCase(Locale.ROOT);
    }

    private static @Nullable LocalDate date(@Nullable DateParam param) {
        if (param == null) {
            return null;
        }
        if (param.getPrefix() != null && param.getPrefix() != ca.uhn.fhir.rest.param.ParamPrefixEnum.EQUAL) {
            throw new InvalidRequestException("birthdate takes an exact date (YYYY-MM-DD)");
        }
        String value = param.getValueAsString();
        if (value == null || value.length() != 10) {
            throw new InvalidRequestException("birthdate takes an exact date (YYYY-MM-DD)");
        }
        return LocalDate.parse(value);
    }

    private static @Nullable String sex(@Nullable TokenParam param) {
        if (param == null || param.getValue() == null) {
            return null;
        }
        try {
            return PatientMapper.sexOf(AdministrativeGender.fromCode(param.getValue()));
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
            throw new InvalidRequestException("gender is one of male, female, other, unknown");
        }
    }

    private List<PatientIdentifier> identifiers(Patient patient) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        for (Identifier identifier : patient.getIdentifier()) {
            if (identifier.hasSystem()
                    && identifier.hasValue()
                    && !IdentifierSystems.EUID_SYSTEM.equals(identifier.getSystem())) {
                String type = identifier.hasType() && identifier.getType().hasCoding()
                        ? identifier.getType().getCodingFirstRep().getCode()
                        : null;
                identifiers.add(new PatientIdentifier(
                        identifier.getValue(), systems.authorityOf(identifier.getSystem()), type));
            }
        }
        return identifiers;
    }

    private static List<PersonName> names(Patient patient) {
        List<PersonName> names = new ArrayList<>();
        for (HumanName name : patient.getName()) {
            names.add(new PersonName(
                    name.getFamily(),
                    name.getGiven().stream().map(StringType::getValue).toList(),
                    null,
                    null));
        }
        return names;
    }

    private static @Nullable PostalAddress address(Patient patient) {
        if (!patient.hasAddress()) {
            return null;
        }
        var address = patient.getAddressFirstRep();
        return new PostalAddress(
                address.getLine().stream().map(StringType::getValue).toList(),
                address.getCity(),
                address.getState(),
                address.getPostalCode(),
                address.getCountry());
    }

    private static @Nullable String phone(Patient patient) {
        return patient.getTelecom().stream()
                .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .map(ContactPoint::getValue)
                .findFirst()
                .orElse(null);
    }

    private static Optional<UUID> euid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
