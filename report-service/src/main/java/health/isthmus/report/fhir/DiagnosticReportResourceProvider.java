package health.isthmus.report.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.report.audit.ReportAudit;
import health.isthmus.report.lifecycle.OtherSiteException;
import health.isthmus.report.lifecycle.ReportConflictException;
import health.isthmus.report.lifecycle.ReportLifecycle;
import health.isthmus.report.lifecycle.ReportQuery;
import health.isthmus.report.lifecycle.Reports;
import health.isthmus.report.lifecycle.domain.Report;
import health.isthmus.report.lifecycle.domain.ReportStateException;
import health.isthmus.report.order.OrderBook;
import health.isthmus.report.order.ReportOrder;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * FHIR DiagnosticReport: read by id and searched by {@code patient} ({@code AUTH|ID}, or {@code urn:isthmus:euid|<EUID>}),
 * {@code identifier} (the accession number; its system is not checked), {@code based-on} ({@code ServiceRequest/<id>}
 * of the worklist), {@code status} and {@code date} (signed, else last changed). A search returns at most 100
 * reports. Create, for external reporting systems and AI tools, follows the lifecycle of the REST API: the report is
 * a draft ({@code registered}), preliminary, or, for radiologists only, {@code final} (signed by the token's subject,
 * its ORU sent). Every call is audited with the user of the token. A site-limited user reads, finds and creates the
 * reports of its sites only; another site's report is not found.
 */
@Component
public class DiagnosticReportResourceProvider implements IResourceProvider {

    static final int MAX_RESULTS = 100;

    private final Reports reports;
    private final OrderBook orders;
    private final DiagnosticReportMapper mapper;
    private final IdentifierSystemProperties systems;
    private final ReportAudit audit;
    private final ReportLifecycle lifecycle;
    private final TransactionTemplate transactions;

    public DiagnosticReportResourceProvider(
            ReportLifecycle lifecycle,
            TransactionTemplate transactions,
            Reports reports,
            OrderBook orders,
            DiagnosticReportMapper mapper,
            IdentifierSystemProperties systems,
            ReportAudit audit) {
        this.reports = reports;
        this.orders = orders;
        this.mapper = mapper;
        this.systems = systems;
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.transactions = transactions;
    }

    /**
     * Creates a report: the accession number from the identifier of type ACSN (or the only identifier), the text from
     * the first presentedForm (text) or the conclusion, the status {@code registered} (draft), {@code preliminary} or
     * {@code final}.
     */
    @Create
    public MethodOutcome create(@ResourceParam DiagnosticReport resource, HttpServletRequest request) {
        String accession = accessionOf(resource);
        String text = textOf(resource);
        String status = resource.getStatus() == null
                ? "registered"
                : resource.getStatus().toCode();
        if (!Set.of("registered", "preliminary", "final").contains(status)) {
            throw new InvalidRequestException("a new DiagnosticReport is registered, preliminary or final");
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String name = user == null ? "anonymous" : user.getName();
        boolean radiologist = user != null
                && user.getAuthorities().stream().anyMatch(a -> "ROLE_radiologist".equals(a.getAuthority()));
        if ("final".equals(status) && !radiologist) {
            audit.userAccess(
                    AuditCodes.PROCEDURE_RECORD,
                    "create DiagnosticReport (refused: only radiologists sign)",
                    AuditAction.C,
                    List.of(),
                    List.of(accession),
                    null,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw new ForbiddenOperationException("only a radiologist signs a report final");
        }
        String studyUid = resource.getImagingStudy().stream()
                .map(reference -> reference.getIdentifier().getValue())
                .filter(value -> value != null && value.startsWith("urn:oid:"))
                .map(value -> value.substring("urn:oid:".length()))
                .findFirst()
                .orElse(null);
        Report created;
        try {
            created = transactions.execute(tx -> {
                Report report = lifecycle.create(accession, null, studyUid, text, name);
                if ("preliminary".equals(status)) {
                    report = lifecycle.preliminary(report.id(), name);
                } else if ("final".equals(status)) {
                    report = lifecycle.finalize(report.id(), name);
                }
                audit.userAccess(
                        AuditCodes.PROCEDURE_RECORD,
                        "create DiagnosticReport",
                        AuditAction.C,
                        report.patient() == null ? List.of() : List.of(report.patient()),
                        List.of(accession),
                        null,
                        AuditOutcome.SUCCESS,
                        request);
                return report;
            });
        } catch (ReportConflictException | ReportStateException | OtherSiteException refused) {
            audit.userAccess(
                    AuditCodes.PROCEDURE_RECORD,
                    "create DiagnosticReport (refused)",
                    AuditAction.C,
                    List.of(),
                    List.of(accession),
                    null,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw refused instanceof OtherSiteException
                    ? new ForbiddenOperationException(refused.getMessage())
                    : new ResourceVersionConflictException(refused.getMessage());
        }
        DiagnosticReport stored = mapper.toFhir(Objects.requireNonNull(created));
        return new MethodOutcome(
                        new IdType("DiagnosticReport", stored.getIdElement().getIdPart()), true)
                .setResource(stored);
    }

    private static String accessionOf(DiagnosticReport resource) {
        List<Identifier> identifiers = resource.getIdentifier();
        Optional<Identifier> typed = identifiers.stream()
                .filter(identifier ->
                        identifier.getType().getCoding().stream().anyMatch(coding -> "ACSN".equals(coding.getCode())))
                .findFirst();
        Identifier identifier = typed.orElse(identifiers.size() == 1 ? identifiers.getFirst() : null);
        if (identifier == null || isBlank(identifier.getValue())) {
            throw new InvalidRequestException(
                    "a DiagnosticReport needs its accession number: an identifier of type ACSN");
        }
        return identifier.getValue().trim();
    }

    private static String textOf(DiagnosticReport resource) {
        for (Attachment form : resource.getPresentedForm()) {
            String type = form.getContentType();
            if (form.hasData() && (type == null || type.startsWith("text/"))) {
                return new String(form.getData(), StandardCharsets.UTF_8);
            }
        }
        if (resource.hasConclusion()) {
            return resource.getConclusion();
        }
        throw new InvalidRequestException("a DiagnosticReport needs its text: a presentedForm of type text/plain");
    }

    @Override
    public Class<DiagnosticReport> getResourceType() {
        return DiagnosticReport.class;
    }

    @Read
    public DiagnosticReport read(@IdParam IdType id, HttpServletRequest request) {
        SiteScope sites = SiteScope.current();
        Optional<Report> report = id.isIdPartValidLong()
                ? reports.findById(id.getIdPartAsLong()).filter(found -> sites.allows(found.site()))
                : Optional.empty();
        if (report.isEmpty()) {
            audit.userAccess(
                    AuditCodes.PROCEDURE_RECORD,
                    "read DiagnosticReport (not found)",
                    AuditAction.R,
                    List.of(),
                    List.of(),
                    "DiagnosticReport/" + id.getIdPart(),
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw new ResourceNotFoundException(id);
        }
        audited("read DiagnosticReport", List.of(report.get()), null, request);
        return mapper.toFhir(report.get());
    }

    @Search(allowUnknownParams = false)
    public List<DiagnosticReport> search(
            @OptionalParam(name = DiagnosticReport.SP_PATIENT) @Nullable TokenParam patient,
            @OptionalParam(name = DiagnosticReport.SP_IDENTIFIER) @Nullable TokenParam identifier,
            @OptionalParam(name = DiagnosticReport.SP_BASED_ON) @Nullable ReferenceParam basedOn,
            @OptionalParam(name = DiagnosticReport.SP_STATUS) @Nullable TokenParam status,
            @OptionalParam(name = DiagnosticReport.SP_DATE) @Nullable DateRangeParam date,
            @Count @Nullable Integer count,
            HttpServletRequest request) {
        PatientIdentifier patientId = null;
        UUID euid = null;
        if (patient != null) {
            if (isBlank(patient.getSystem()) || isBlank(patient.getValue())) {
                throw new InvalidRequestException("patient is an identifier with its system: AUTH|ID");
            }
            if (DiagnosticReportMapper.EUID_SYSTEM.equals(patient.getSystem())) {
                try {
                    euid = UUID.fromString(patient.getValue());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("an EUID is a UUID");
                }
            } else {
                patientId = new PatientIdentifier(patient.getValue(), systems.authorityOf(patient.getSystem()), null);
            }
        }
        String accession = null;
        if (identifier != null) {
            if (isBlank(identifier.getValue())) {
                throw new InvalidRequestException("identifier needs an accession number");
            }
            accession = identifier.getValue();
        }
        String site = null;
        if (basedOn != null) {
            String idPart = basedOn.getIdPart();
            if (basedOn.getResourceType() != null && !"ServiceRequest".equals(basedOn.getResourceType())
                    || idPart == null
                    || !idPart.matches("[0-9]{1,18}")) {
                throw new InvalidRequestException("based-on is a ServiceRequest of the worklist: ServiceRequest/<id>");
            }
            Optional<ReportOrder> order = orders.findByStepId(Long.parseLong(idPart));
            if (order.isEmpty()
                    || accession != null && !accession.equals(order.get().accessionNumber())) {
                audited("search DiagnosticReport", List.of(), request.getQueryString(), request);
                return List.of();
            }
            accession = order.get().accessionNumber();
            site = order.get().site();
        }
        Set<String> statuses = Set.of();
        if (status != null) {
            String code = status.getValue() == null ? "" : status.getValue().trim();
            Optional<String> reportStatus = DiagnosticReportMapper.reportStatus(code);
            if (reportStatus.isEmpty()) {
                if (Set.of("partial", "appended", "entered-in-error", "unknown").contains(code)) {
                    audited("search DiagnosticReport", List.of(), request.getQueryString(), request);
                    return List.of();
                }
                throw new InvalidRequestException(
                        "status is one of registered, partial, preliminary, final, amended, corrected, appended,"
                                + " cancelled, entered-in-error, unknown");
            }
            statuses = Set.of(reportStatus.get());
        }
        int limit = count == null ? MAX_RESULTS : Math.clamp(count, 1, MAX_RESULTS);
        List<Report> found = reports.search(new ReportQuery(
                patientId,
                euid,
                accession,
                null,
                site,
                statuses,
                lower(date),
                upper(date),
                SiteScope.current(),
                limit));
        audited(
                "search DiagnosticReport",
                found,
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                request);
        return found.stream().map(mapper::toFhir).toList();
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static @Nullable Instant lower(@Nullable DateRangeParam range) {
        Date bound = range == null ? null : range.getLowerBoundAsInstant();
        return bound == null ? null : bound.toInstant();
    }

    private static @Nullable Instant upper(@Nullable DateRangeParam range) {
        Date bound = range == null ? null : range.getUpperBoundAsInstant();
        return bound == null ? null : bound.toInstant();
    }

    private void audited(String what, List<Report> found, @Nullable String query, HttpServletRequest request) {
        audit.userAccess(
                query == null ? AuditCodes.PROCEDURE_RECORD : AuditCodes.QUERY,
                what,
                query == null ? AuditAction.R : AuditAction.E,
                found.stream()
                        .map(Report::patient)
                        .filter(Objects::nonNull)
                        .map(p -> (PatientIdentifier) p)
                        .toList(),
                found.stream().map(Report::accessionNumber).toList(),
                query,
                AuditOutcome.SUCCESS,
                request);
    }
}
