package health.isthmus.dicomweb.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.fhir.ImagingStudyIndex.Criteria;
import health.isthmus.dicomweb.fhir.ImagingStudyIndex.Study;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.security.SiteScope;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * FHIR ImagingStudy, read by its id (the Study Instance UID) and searched by {@code patient} ({@code system|value} of
 * the patient the study is filed under, or {@code urn:isthmus:euid|<EUID>}), {@code identifier} (the accession number,
 * its system not checked, or {@code urn:dicom:uid|urn:oid:<Study Instance UID>}), {@code started} (by study date,
 * day precision), {@code modality} and {@code status}. A search names a patient, an identifier or a {@code started}
 * range closed at both ends, and returns at most 100 studies ({@code _count} lowers that), newest first. Held studies
 * are not found except by admins, studies of other sites not by a site-limited user. Every read (DICOM Instances
 * Accessed, 110103, action R) and search (Query, 110112, action E) is audited with the token's user, in the
 * transaction that reads the index.
 */
@Component
public class ImagingStudyResourceProvider implements IResourceProvider {

    /** Most studies one search returns. */
    static final int MAX_RESULTS = 100;

    static final String EUID_SYSTEM = "urn:isthmus:euid";

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final ImagingStudyIndex index;
    private final ImagingStudyMapper mapper;
    private final FhirProperties properties;
    private final ArchiveAudit audit;
    private final TransactionTemplate transactions;

    ImagingStudyResourceProvider(
            ImagingStudyIndex index,
            ImagingStudyMapper mapper,
            FhirProperties properties,
            ArchiveAudit audit,
            TransactionTemplate transactions) {
        this.index = index;
        this.mapper = mapper;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public Class<ImagingStudy> getResourceType() {
        return ImagingStudy.class;
    }

    @Read
    public ImagingStudy read(@IdParam IdType id, HttpServletRequest request) {
        String uid = id.getIdPart();
        boolean admin = isAdmin();
        SiteScope sites = SiteScope.current();
        Optional<Study> study = transactions.execute(tx -> {
            Optional<Study> found =
                    uid != null && uid.length() <= 64 && UID.matcher(uid).matches()
                            ? index.study(uid)
                            : Optional.empty();
            String refusal = found.isEmpty()
                    ? "no such study"
                    : !sites.allows(found.get().row().study().site())
                            ? "study of a site outside the user's sites"
                            : found.get().row().held() && !admin ? "study held" : null;
            if (refusal != null) {
                audit.httpRead(
                        AuditCodes.INSTANCES_ACCESSED,
                        "read ImagingStudy",
                        AuditAction.R,
                        AuditOutcome.MINOR_FAILURE,
                        refusal,
                        found.map(s -> ArchiveAudit.studyObjects(s.row().study()))
                                .orElseGet(() -> List.of(new AuditObject(
                                        AuditObject.Type.STUDY, String.valueOf(uid), "StudyInstanceUID", null))),
                        request);
                return Optional.<Study>empty();
            }
            audit.httpRead(
                    AuditCodes.INSTANCES_ACCESSED,
                    "read ImagingStudy",
                    AuditAction.R,
                    AuditOutcome.SUCCESS,
                    null,
                    ArchiveAudit.studyObjects(found.get().row().study()),
                    request);
            return found;
        });
        if (study == null || study.isEmpty()) {
            throw new ResourceNotFoundException(id);
        }
        return mapper.toFhir(study.get(), ForwardedBase.of(request));
    }

    @Search(allowUnknownParams = false)
    public List<ImagingStudy> search(
            @OptionalParam(name = ImagingStudy.SP_PATIENT) @Nullable TokenParam patient,
            @OptionalParam(name = ImagingStudy.SP_IDENTIFIER) @Nullable TokenParam identifier,
            @OptionalParam(name = ImagingStudy.SP_STARTED) @Nullable DateRangeParam started,
            @OptionalParam(name = ImagingStudy.SP_MODALITY) @Nullable TokenOrListParam modality,
            @OptionalParam(name = ImagingStudy.SP_STATUS) @Nullable TokenParam status,
            @Count @Nullable Integer count,
            HttpServletRequest request) {
        boolean admin = isAdmin();
        UUID euid = null;
        String patientId = null;
        String issuer = null;
        if (patient != null) {
            String system = patient.getSystem();
            String value = patient.getValue() == null ? "" : patient.getValue().strip();
            if (system == null || value.isEmpty()) {
                throw new InvalidRequestException("patient is an identifier with its system: <system>|<Patient ID> or "
                        + EUID_SYSTEM + "|<EUID>");
            }
            if (system.equals(EUID_SYSTEM)) {
                try {
                    euid = UUID.fromString(value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("an EUID is a UUID");
                }
            } else {
                patientId = value;
                issuer = system.isEmpty() ? "" : properties.authorityOf(system);
            }
        }
        String accession = null;
        String studyUid = null;
        if (identifier != null) {
            String value =
                    identifier.getValue() == null ? "" : identifier.getValue().strip();
            if (value.isEmpty()) {
                throw new InvalidRequestException("identifier needs a value");
            }
            if (ImagingStudyMapper.DICOM_UID.equals(identifier.getSystem())) {
                studyUid = value.startsWith("urn:oid:") ? value.substring("urn:oid:".length()) : value;
            } else {
                accession = value;
            }
        }
        LocalDate from = started == null ? null : lower(started.getLowerBound());
        LocalDate to = started == null ? null : upper(started.getUpperBound());
        if (patient == null && identifier == null && (from == null || to == null)) {
            throw new InvalidRequestException(
                    "a search names a patient, an identifier, or a started range with both ends");
        }
        List<String> filings = filings(status, admin);
        List<String> modalities = modalities(modality);
        int limit = count == null ? MAX_RESULTS : Math.clamp(count, 1, MAX_RESULTS);
        Criteria criteria = new Criteria(
                euid,
                patientId,
                issuer,
                accession,
                studyUid,
                from,
                to,
                modalities,
                filings,
                SiteScope.current(),
                limit);
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        List<Study> found = transactions.execute(tx -> {
            List<Study> studies = filings.isEmpty() ? List.<Study>of() : index.search(criteria);
            List<AuditObject> objects = new ArrayList<>();
            objects.add(new AuditObject(AuditObject.Type.QUERY, query, "query", null));
            studies.forEach(
                    s -> objects.addAll(ArchiveAudit.studyObjects(s.row().study())));
            audit.httpRead(
                    AuditCodes.QUERY,
                    "search ImagingStudy",
                    AuditAction.E,
                    AuditOutcome.SUCCESS,
                    null,
                    objects,
                    request);
            return studies;
        });
        String base = ForwardedBase.of(request);
        return found == null
                ? List.of()
                : found.stream().map(s -> mapper.toFhir(s, base)).toList();
    }

    /** The filings a status asks for; none for statuses the archive never has. */
    private static List<String> filings(@Nullable TokenParam status, boolean admin) {
        if (status == null) {
            return admin ? List.of("FILED", "HELD") : List.of("FILED");
        }
        String code = status.getValue() == null ? "" : status.getValue().strip();
        return switch (code) {
            case "available" -> List.of("FILED");
            case "unknown" -> admin ? List.of("HELD") : List.of();
            case "registered", "cancelled", "entered-in-error" -> List.of();
            default ->
                throw new InvalidRequestException(
                        "status is one of available, unknown, registered, cancelled, entered-in-error");
        };
    }

    private static List<String> modalities(@Nullable TokenOrListParam modality) {
        if (modality == null) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        for (TokenParam token : modality.getValuesAsQueryTokens()) {
            if (token.getSystem() != null
                    && !token.getSystem().isEmpty()
                    && !token.getSystem().equals(ImagingStudyMapper.DICOM_CODES)) {
                throw new InvalidRequestException("modality codes are DICOM's: " + ImagingStudyMapper.DICOM_CODES);
            }
            if (token.getValue() != null && !token.getValue().isBlank()) {
                codes.add(token.getValue().strip());
            }
        }
        return codes;
    }

    /** The first study date a lower bound admits. */
    private static @Nullable LocalDate lower(@Nullable DateParam bound) {
        if (bound == null || bound.getValueAsString() == null) {
            return null;
        }
        LocalDate[] period = period(bound);
        return bound.getPrefix() == ParamPrefixEnum.GREATERTHAN ? period[1].plusDays(1) : period[0];
    }

    /** The last study date an upper bound admits. */
    private static @Nullable LocalDate upper(@Nullable DateParam bound) {
        if (bound == null || bound.getValueAsString() == null) {
            return null;
        }
        LocalDate[] period = period(bound);
        return bound.getPrefix() == ParamPrefixEnum.LESSTHAN ? period[0].minusDays(1) : period[1];
    }

    /** The first and last day a date value covers at its precision (year, month or day; a time is read as its day). */
    private static LocalDate[] period(DateParam bound) {
        ParamPrefixEnum prefix = bound.getPrefix();
        if (prefix != null
                && prefix != ParamPrefixEnum.EQUAL
                && prefix != ParamPrefixEnum.GREATERTHAN
                && prefix != ParamPrefixEnum.GREATERTHAN_OR_EQUALS
                && prefix != ParamPrefixEnum.LESSTHAN
                && prefix != ParamPrefixEnum.LESSTHAN_OR_EQUALS) {
            throw new InvalidRequestException("started takes the prefixes eq, gt, ge, lt and le");
        }
        String value = bound.getValueAsString();
        try {
            if (value.length() == 4) {
                LocalDate first = LocalDate.of(Integer.parseInt(value), 1, 1);
                return new LocalDate[] {first, first.withDayOfYear(first.lengthOfYear())};
            }
            if (value.length() == 7) {
                YearMonth month = YearMonth.parse(value);
                return new LocalDate[] {month.atDay(1), month.atEndOfMonth()};
            }
            LocalDate day = LocalDate.parse(value.substring(0, 10));
            return new LocalDate[] {day, day};
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new InvalidRequestException("started is a date: YYYY, YYYY-MM or YYYY-MM-DD");
        }
    }

    private static boolean isAdmin() {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        return user != null && user.getAuthorities().stream().anyMatch(a -> "ROLE_admin".equals(a.getAuthority()));
    }
}
