package health.isthmus.audit.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.isthmus.audit.chain.StoredRecord;
import health.isthmus.audit.trail.AuditTrail;
import health.isthmus.audit.trail.TrailQuery;
import health.isthmus.audit.trail.TrailReadAudit;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * FHIR AuditEvent: read by id (the sequence number in the chain) and search by {@code patient} ({@code AUTH|VALUE},
 * the bare value, or an EUID), {@code agent} (a participant's user id), {@code date} (the time of the action),
 * {@code type} (the DCM event id) and {@code action} (C, R, U, D, E); newest first, at most {@value #MAX_RESULTS} per
 * search ({@code _count}). Every call is audited.
 */
@Component
public class AuditEventResourceProvider implements IResourceProvider {

    static final int MAX_RESULTS = 1000;
    static final int DEFAULT_RESULTS = 100;

    private final AuditTrail trail;
    private final TrailReadAudit audit;

    public AuditEventResourceProvider(AuditTrail trail, TrailReadAudit audit) {
        this.trail = trail;
        this.audit = audit;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, HttpServletRequest request) {
        Optional<StoredRecord> found = id.isIdPartValidLong() ? trail.find(id.getIdPartAsLong()) : Optional.empty();
        audit.read(
                "read AuditEvent",
                "AuditEvent/" + id.getIdPart(),
                null,
                found.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.MINOR_FAILURE,
                request);
        return AuditEventMapper.toFhir(
                found.orElseThrow(() -> new ResourceNotFoundException("AuditEvent/" + id.getIdPart())));
    }

    @Search
    public List<AuditEvent> search(
            @OptionalParam(name = AuditEvent.SP_PATIENT) @Nullable StringParam patient,
            @OptionalParam(name = AuditEvent.SP_AGENT) @Nullable StringParam agent,
            @OptionalParam(name = AuditEvent.SP_DATE) @Nullable DateRangeParam date,
            @OptionalParam(name = AuditEvent.SP_TYPE) @Nullable TokenParam type,
            @OptionalParam(name = AuditEvent.SP_ACTION) @Nullable TokenParam action,
            @Count @Nullable Integer count,
            HttpServletRequest request) {
        String patientValue = patient == null ? null : patient.getValue();
        TrailQuery query;
        try {
            int limit = count == null ? DEFAULT_RESULTS : count;
            if (limit < 1 || limit > MAX_RESULTS) {
                throw new InvalidRequestException("_count must be between 1 and " + MAX_RESULTS);
            }
            query = new TrailQuery(
                    patientValue,
                    agent == null ? null : agent.getValue(),
                    action(action),
                    type == null ? null : type.getValue(),
                    null,
                    date == null ? null : instant(date.getLowerBoundAsInstant()),
                    date == null ? null : instant(date.getUpperBoundAsInstant()),
                    limit,
                    0);
        } catch (InvalidRequestException refused) {
            audit.read(
                    "search AuditEvent (refused: bad input)",
                    request.getQueryString(),
                    patientValue,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw refused;
        }
        List<AuditEvent> found = trail.search(query, query.limit()).stream()
                .map(AuditEventMapper::toFhir)
                .toList();
        audit.read("search AuditEvent", request.getQueryString(), patientValue, AuditOutcome.SUCCESS, request);
        return found;
    }

    private static @Nullable AuditAction action(@Nullable TokenParam action) {
        if (action == null) {
            return null;
        }
        try {
            return AuditAction.valueOf(action.getValue().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("action must be one of C, R, U, D, E");
        }
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }
}
