package health.isthmus.dicomweb.stow;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.json.DicomJsonWriter;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.platform.security.SiteScope;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * STOW-RS (PS3.18 10.5): {@code POST /dicomweb/studies[/{study}]} with a {@code multipart/related;
 * type="application/dicom"} body. Each part goes through the same ingest as C-STORE as it arrives; the response names
 * every instance stored (Referenced SOP Sequence) and every one refused with its reason (Failed SOP Sequence): 200
 * when all were stored, 202 when some were not, 409 when none was. A site-limited caller adds only to studies of its
 * sites: an instance that would join or open a study of another site is refused (0124, Not Authorized).
 */
@RestController
public class StowController {

    private static final MediaType DICOM_JSON = MediaType.parseMediaType("application/dicom+json");

    private final InstanceIngest ingest;
    private final StowProperties properties;

    public StowController(InstanceIngest ingest, StowProperties properties) {
        this.ingest = ingest;
        this.properties = properties;
    }

    @PostMapping(path = "/dicomweb/studies", consumes = "multipart/related")
    ResponseEntity<byte[]> store(HttpServletRequest request, Principal user) throws IOException {
        return stow(request, user, null);
    }

    @PostMapping(path = "/dicomweb/studies/{study}", consumes = "multipart/related")
    ResponseEntity<byte[]> storeInStudy(HttpServletRequest request, Principal user, @PathVariable String study)
            throws IOException {
        return stow(request, user, study);
    }

    private ResponseEntity<byte[]> stow(HttpServletRequest request, Principal user, @Nullable String study)
            throws IOException {
        MediaType contentType = MediaType.parseMediaType(request.getContentType());
        String type = contentType.getParameter("type");
        if (type != null && !"application/dicom".equalsIgnoreCase(unquote(type))) {
            throw problem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "only multipart/related; type=\"application/dicom\" is accepted, not type=" + type);
        }
        String boundary = contentType.getParameter("boundary");
        if (boundary == null || boundary.isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, "the multipart/related Content-Type names no boundary");
        }
        long limit = properties.maxRequestSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw problem(HttpStatus.CONTENT_TOO_LARGE, "the request is larger than " + limit + " bytes");
        }
        IngestSource source = IngestSource.stow(user.getName(), request.getRemoteAddr(), SiteScope.current());
        MultipartRelatedReader parts =
                new MultipartRelatedReader(new LimitedInput(request.getInputStream(), limit), unquote(boundary));
        String studyUrl = null;
        List<IngestOutcome> outcomes = new ArrayList<>();
        int unreadable = 0;
        Attributes response = new Attributes();
        Sequence failed = null;
        Sequence referenced = null;
        try {
            MultipartRelatedReader.Part part;
            while ((part = parts.next()) != null) {
                if (outcomes.size() + unreadable >= properties.maxInstances()) {
                    throw problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "a request may carry at most " + properties.maxInstances() + " instances");
                }
                String partType = part.contentType();
                if (partType != null && !partType.toLowerCase(Locale.ROOT).startsWith("application/dicom")) {
                    unreadable++;
                    failed = failed != null ? failed : response.newSequence(Tag.FailedSOPSequence);
                    addFailure(failed, null, null, Status.CANNOT_UNDERSTAND);
                    continue;
                }
                IngestOutcome outcome = ingest.storeFile(source, part.content(), study);
                outcomes.add(outcome);
                if (outcome.stored()) {
                    referenced = referenced != null ? referenced : response.newSequence(Tag.ReferencedSOPSequence);
                    Attributes item = referenced.addItem();
                    item.setString(Tag.ReferencedSOPClassUID, VR.UI, outcome.sopClassUid());
                    item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, outcome.sopInstanceUid());
                    item.setString(Tag.RetrieveURL, VR.UR, instanceUrl(outcome));
                    studyUrl = studyUrl(outcome.studyInstanceUid());
                } else {
                    failed = failed != null ? failed : response.newSequence(Tag.FailedSOPSequence);
                    addFailure(failed, outcome.sopClassUid(), outcome.sopInstanceUid(), outcome.status());
                }
            }
        } catch (MalformedMultipartException e) {
            if (outcomes.isEmpty()) {
                throw problem(HttpStatus.BAD_REQUEST, "malformed multipart body: " + e.getMessage());
            }
            failed = failed != null ? failed : response.newSequence(Tag.FailedSOPSequence);
            addFailure(failed, null, null, Status.CANNOT_UNDERSTAND);
            unreadable++;
        }
        if (outcomes.isEmpty() && unreadable == 0) {
            throw problem(HttpStatus.BAD_REQUEST, "the multipart body holds no instance");
        }
        if (studyUrl != null || study != null) {
            response.setString(Tag.RetrieveURL, VR.UR, studyUrl != null ? studyUrl : studyUrl(study));
        }
        long storedCount = outcomes.stream().filter(IngestOutcome::stored).count();
        HttpStatus status = storedCount == 0
                ? HttpStatus.CONFLICT
                : storedCount == outcomes.size() && unreadable == 0 ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status)
                .contentType(DICOM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new DicomJsonWriter().toJson(response).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void addFailure(
            Sequence failed, @Nullable String sopClassUid, @Nullable String sopInstanceUid, int reason) {
        Attributes item = failed.addItem();
        item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid == null ? "" : sopClassUid);
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstanceUid == null ? "" : sopInstanceUid);
        item.setInt(Tag.FailureReason, VR.US, reason);
    }

    private static String studyUrl(@Nullable String studyInstanceUid) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/dicomweb/studies/{study}")
                .buildAndExpand(studyInstanceUid)
                .toUriString();
    }

    private static String instanceUrl(IngestOutcome outcome) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/dicomweb/studies/{study}/series/{series}/instances/{instance}")
                .buildAndExpand(outcome.studyInstanceUid(), outcome.seriesInstanceUid(), outcome.sopInstanceUid())
                .toUriString();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    /** Counts the body's bytes and stops the request at the limit with 413. */
    private static final class LimitedInput extends FilterInputStream {

        private final long limit;
        private long count;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit) {
                throw problem(HttpStatus.CONTENT_TOO_LARGE, "the request is larger than " + limit + " bytes");
            }
        }
    }
}
