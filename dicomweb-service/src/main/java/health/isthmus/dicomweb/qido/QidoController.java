package health.isthmus.dicomweb.qido;

import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.ingest.IndexProperties;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.platform.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * QIDO-RS (PS3.18 10.6) at {@code /dicomweb}: studies, series and instances, answered as {@code application/dicom+json}
 * (or {@code application/json} when that is all the client takes). Every query is audited (Query, 110112) with the
 * patients and studies it returned, in the transaction that reads them. A site-limited caller finds the studies of
 * its sites only.
 */
@RestController
@RequestMapping("/dicomweb")
public class QidoController {

    static final MediaType DICOM_JSON = MediaType.parseMediaType("application/dicom+json");

    /** Audit objects per record beyond the query itself; a broad search names its first results only. */
    static final int MAX_AUDITED_OBJECTS = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HOST_AND_PORT = Pattern.compile("([^:\\[\\]]+):([0-9]{1,5})");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private final QidoSearch search;
    private final QidoQueryParser parser;
    private final ArchiveAudit audit;
    private final TransactionTemplate transactions;

    QidoController(
            QidoSearch search,
            QidoProperties properties,
            IndexProperties index,
            ArchiveAudit audit,
            TransactionTemplate transactions) {
        this.search = search;
        this.parser = new QidoQueryParser(properties, index.extraAttributes());
        this.audit = audit;
        this.transactions = transactions;
    }

    @GetMapping("/studies")
    ResponseEntity<byte[]> studies(@RequestParam MultiValueMap<String, String> parameters, HttpServletRequest request) {
        return query(QueryLevel.STUDY, null, null, parameters, request);
    }

    @GetMapping("/series")
    ResponseEntity<byte[]> series(@RequestParam MultiValueMap<String, String> parameters, HttpServletRequest request) {
        return query(QueryLevel.SERIES, null, null, parameters, request);
    }

    @GetMapping("/studies/{study}/series")
    ResponseEntity<byte[]> seriesOfStudy(
            @PathVariable String study,
            @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request) {
        return query(QueryLevel.SERIES, study, null, parameters, request);
    }

    @GetMapping("/instances")
    ResponseEntity<byte[]> instances(
            @RequestParam MultiValueMap<String, String> parameters, HttpServletRequest request) {
        return query(QueryLevel.INSTANCE, null, null, parameters, request);
    }

    @GetMapping("/studies/{study}/instances")
    ResponseEntity<byte[]> instancesOfStudy(
            @PathVariable String study,
            @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request) {
        return query(QueryLevel.INSTANCE, study, null, parameters, request);
    }

    @GetMapping("/studies/{study}/series/{series}/instances")
    ResponseEntity<byte[]> instancesOfSeries(
            @PathVariable String study,
            @PathVariable String series,
            @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request) {
        return query(QueryLevel.INSTANCE, study, series, parameters, request);
    }

    /** The answer's media type is checked before anything is read, so that a refused request reads nothing. */
    private ResponseEntity<byte[]> query(
            QueryLevel level,
            @Nullable String study,
            @Nullable String series,
            Map<String, List<String>> parameters,
            HttpServletRequest request) {
        MediaType answer = negotiate(request);
        String baseUrl = baseUrl(request);
        QidoQuery query;
        QidoSearch.Results results;
        try {
            QidoQuery parsed = parser.parse(level, study, series, parameters);
            query = parsed;
            results = transactions.execute(tx -> {
                QidoSearch.Results found = search.search(parsed, baseUrl, SiteScope.current());
                audit.httpRead(
                        AuditCodes.QUERY,
                        "QIDO-RS search",
                        AuditAction.E,
                        AuditOutcome.SUCCESS,
                        null,
                        auditObjects(request, found),
                        request);
                return found;
            });
        } catch (BadRequestException e) {
            // values are checked as the SQL is built, inside the search's transaction: the refusal is recorded apart
            transactions.executeWithoutResult(tx -> audit.httpRead(
                    AuditCodes.QUERY,
                    "QIDO-RS search",
                    AuditAction.E,
                    AuditOutcome.MINOR_FAILURE,
                    "bad request",
                    List.of(queryObject(request)),
                    request));
            throw e;
        }
        if (results == null) {
            throw new IllegalStateException("the query transaction returned nothing");
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(answer);
        String agent = request.getServerName();
        if (query.requestedLimit() != null) {
            headers.add(
                    HttpHeaders.WARNING,
                    "299 " + agent + " \"The limit " + query.requestedLimit() + " exceeds the maximum; at most "
                            + query.limit() + " results are returned\"");
        }
        if (results.more()) {
            headers.add(
                    HttpHeaders.WARNING, "299 " + agent + " \"There are additional results that can be requested\"");
        }
        return new ResponseEntity<>(JSON.writeValueAsBytes(results.results()), headers, HttpStatus.OK);
    }

    private static List<AuditObject> auditObjects(HttpServletRequest request, QidoSearch.Results results) {
        List<AuditObject> objects = new ArrayList<>();
        objects.add(queryObject(request));
        for (String patient : results.patients()) {
            if (objects.size() > MAX_AUDITED_OBJECTS) {
                break;
            }
            objects.add(new AuditObject(AuditObject.Type.PATIENT, patient, "MR", null));
        }
        for (String study : results.studies()) {
            if (objects.size() > MAX_AUDITED_OBJECTS) {
                break;
            }
            objects.add(new AuditObject(AuditObject.Type.STUDY, study, "StudyInstanceUID", null));
        }
        return objects;
    }

    private static AuditObject queryObject(HttpServletRequest request) {
        String query = request.getQueryString();
        return new AuditObject(
                AuditObject.Type.QUERY, request.getRequestURI() + (query == null ? "" : "?" + query), "QIDO-RS", null);
    }

    /** {@code application/dicom+json} unless the client takes only {@code application/json}. */
    private static MediaType negotiate(HttpServletRequest request) {
        List<String> accept = java.util.Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (accept.isEmpty()) {
            return DICOM_JSON;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new NotAcceptableException();
        }
        boolean json = false;
        for (MediaType type : types) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (type.isCompatibleWith(DICOM_JSON)) {
                return DICOM_JSON;
            }
            json |= type.isCompatibleWith(MediaType.APPLICATION_JSON);
        }
        if (json) {
            return MediaType.APPLICATION_JSON;
        }
        throw new NotAcceptableException();
    }

    /**
     * The DICOMweb root as the client sees it: scheme, host and port come from the request, which already reflects
     * the gateway's {@code X-Forwarded-Proto}, {@code -Host} and {@code -Port} ({@code server.forward-headers-strategy});
     * a path prefix the gateway adds ({@code X-Forwarded-Prefix}) is kept.
     */
    static String baseUrl(HttpServletRequest request) {
        StringBuilder url = new StringBuilder();
        String scheme = request.getScheme();
        int port = request.getServerPort();
        url.append(scheme).append("://");
        String host = request.getServerName();
        var hostAndPort = HOST_AND_PORT.matcher(host);
        if (hostAndPort.matches()) { // a forwarded host that kept its port
            host = hostAndPort.group(1);
            port = Integer.parseInt(hostAndPort.group(2));
        }
        url.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        if (port > 0 && !defaultPort) {
            url.append(':').append(port);
        }
        url.append(request.getContextPath()); // holds X-Forwarded-Prefix when Spring's ForwardedHeaderFilter applied it
        String prefix = request.getHeader("X-Forwarded-Prefix"); // still here when only Tomcat read the headers
        if (prefix != null) {
            String first = prefix.split(",")[0].strip();
            if (first.endsWith("/")) {
                first = first.substring(0, first.length() - 1);
            }
            if (PREFIX.matcher(first).matches()) {
                url.append(first);
            }
        }
        url.append("/dicomweb");
        return url.toString();
    }

    /** The client takes none of the media types QIDO-RS answers in. */
    static final class NotAcceptableException extends RuntimeException {
        NotAcceptableException() {
            super("QIDO-RS answers application/dicom+json or application/json", null, false, false);
        }
    }

    /** Written here, not by content negotiation, since the client has just said it takes none of ours. */
    @ExceptionHandler(NotAcceptableException.class)
    ResponseEntity<byte[]> notAcceptable(NotAcceptableException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_ACCEPTABLE, e.getMessage());
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "urn:isthmus:problem:not-acceptable");
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", URI.create(request.getRequestURI()).toString());
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(
                body.toString().getBytes(StandardCharsets.UTF_8), headers, HttpStatus.NOT_ACCEPTABLE);
    }
}
