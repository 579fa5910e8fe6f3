package health.isthmus.worklist.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.worklist.audit.WorklistAudit;
import health.isthmus.worklist.scheduling.ProcedureSteps;
import health.isthmus.worklist.scheduling.StepQuery;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * FHIR ServiceRequest: one per scheduled procedure step, read by the step's id and searched by {@code patient}
 * ({@code AUTH|ID} token, any identifier of the patient's identity), {@code identifier} (the accession number; its
 * system is not checked), {@code status} ({@code active}, {@code on-hold}, {@code completed}, {@code revoked}; see
 * {@link ServiceRequestMapper}), {@code authored} (when the worklist recorded it) and {@code occurrence} (the
 * scheduled start). A search returns at most 100 requests. Every call is audited with the user of the token.
 *
 * <p>A caller whose token is limited to sites ({@link SiteScope}) finds only the requests of its sites, and reads
 * another site's as absent (404).
 */
@Component
public class ServiceRequestResourceProvider implements IResourceProvider {

    /** Most results one search returns. */
    static final int MAX_RESULTS = 100;

    private final ProcedureSteps steps;
    private final ServiceRequestMapper mapper;
    private final IdentifierSystemProperties systems;
    private final WorklistAudit audit;

    public ServiceRequestResourceProvider(
            ProcedureSteps steps,
            ServiceRequestMapper mapper,
            IdentifierSystemProperties systems,
            WorklistAudit audit) {
        this.steps = steps;
        this.mapper = mapper;
        this.systems = systems;
        this.audit = audit;
    }

    @Override
    public Class<ServiceRequest> getResourceType() {
        return ServiceRequest.class;
    }

    @Read
    public ServiceRequest read(@IdParam IdType id, HttpServletRequest request) {
        SiteScope scope = SiteScope.current();
        Optional<Step> step = id.isIdPartValidLong()
                ? steps.findById(id.getIdPartAsLong()).filter(found -> scope.allows(found.site()))
                : Optional.empty();
        if (step.isEmpty()) {
            audit.userAccess(
                    AuditCodes.ORDER_RECORD,
                    "read ServiceRequest (not found)",
                    AuditAction.R,
                    List.of(),
                    List.of(),
                    "ServiceRequest/" + id.getIdPart(),
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw new ResourceNotFoundException(id);
        }
        audited("read ServiceRequest", List.of(step.get()), null, request);
        return mapper.toFhir(step.get());
    }

    @Search(allowUnknownParams = false)
    public List<ServiceRequest> search(
            @OptionalParam(name = ServiceRequest.SP_PATIENT) @Nullable TokenParam patient,
            @OptionalParam(name = ServiceRequest.SP_IDENTIFIER) @Nullable TokenParam identifier,
            @OptionalParam(name = ServiceRequest.SP_STATUS) @Nullable TokenParam status,
            @OptionalParam(name = ServiceRequest.SP_AUTHORED) @Nullable DateRangeParam authored,
            @OptionalParam(name = ServiceRequest.SP_OCCURRENCE) @Nullable DateRangeParam occurrence,
            @Count @Nullable Integer count,
            HttpServletRequest request) {
        Set<StepStatus> statuses = Set.of();
        Boolean onHold = null;
        if (status != null) {
            String code = status.getValue() == null ? "" : status.getValue().trim();
            switch (code) {
                case "active" -> {
                    statuses = EnumSet.of(StepStatus.SCHEDULED, StepStatus.IN_PROGRESS);
                    onHold = false;
                }
                case "on-hold" -> {
                    statuses = EnumSet.of(StepStatus.SCHEDULED, StepStatus.IN_PROGRESS);
                    onHold = true;
                }
                case "completed" -> statuses = EnumSet.of(StepStatus.COMPLETED);
                case "revoked" -> statuses = EnumSet.of(StepStatus.DISCONTINUED, StepStatus.CANCELLED);
                case "draft", "entered-in-error", "unknown" -> {
                    audited("search ServiceRequest", List.of(), request.getQueryString(), request);
                    return List.of();
                }
                default ->
                    throw new InvalidRequestException(
                            "status is one of active, on-hold, completed, revoked, draft, entered-in-error, unknown");
            }
        }
        int limit = count == null ? MAX_RESULTS : Math.clamp(count, 1, MAX_RESULTS);
        SiteScope scope = SiteScope.current();
        StepQuery query = new StepQuery(
                patient == null ? null : patient(patient),
                identifier == null ? null : accession(identifier),
                null,
                null,
                statuses,
                onHold,
                null,
                null,
                lower(occurrence),
                upper(occurrence),
                lower(authored),
                upper(authored),
                scope.isGlobal() ? null : scope.sites(),
                limit);
        List<Step> found = steps.search(query);
        audited(
                "search ServiceRequest",
                found,
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                request);
        return found.stream().map(mapper::toFhir).toList();
    }

    private PatientIdentifier patient(TokenParam token) {
        if (token.getSystem() == null
                || token.getSystem().isBlank()
                || token.getValue() == null
                || token.getValue().isBlank()) {
            throw new InvalidRequestException("patient is an identifier with its system: AUTH|ID");
        }
        return new PatientIdentifier(token.getValue(), systems.authorityOf(token.getSystem()), null);
    }

    private static String accession(TokenParam token) {
        if (token.getValue() == null || token.getValue().isBlank()) {
            throw new InvalidRequestException("identifier needs an accession number");
        }
        return token.getValue();
    }

    private static @Nullable Instant lower(@Nullable DateRangeParam range) {
        Date bound = range == null ? null : range.getLowerBoundAsInstant();
        return bound == null ? null : bound.toInstant();
    }

    private static @Nullable Instant upper(@Nullable DateRangeParam range) {
        Date bound = range == null ? null : range.getUpperBoundAsInstant();
        return bound == null ? null : bound.toInstant();
    }

    private void audited(String what, List<Step> found, @Nullable String query, HttpServletRequest request) {
        audit.userAccess(
                query == null ? AuditCodes.ORDER_RECORD : AuditCodes.QUERY,
                what,
                query == null ? AuditAction.R : AuditAction.E,
                found.stream().map(step -> step.patient().identifier()).toList(),
                found.stream().map(Step::accessionNumber).toList(),
                query,
                AuditOutcome.SUCCESS,
                request);
    }
}
