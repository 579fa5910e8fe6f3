package health.isthmus.dicomweb.wado;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.json.DicomJsonReader;
import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.wado.AcceptHeader.MediaRange;
import health.isthmus.dicomweb.wado.InstanceFiles.Encapsulated;
import health.isthmus.dicomweb.wado.WadoIndex.InstanceRow;
import health.isthmus.dicomweb.wado.WadoIndex.StudyRow;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.security.SiteScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The WADO-RS use cases: finds what a request names, checks who may see it (held studies and original headers are
 * for admins only), negotiates the representation, answers 304 to a matching If-None-Match, records the access in
 * the audit trail (in a transaction, through the outbox) and streams the answer.
 */
@Service
class WadoRetrieval {

    static final String DICOM = "application/dicom";
    static final String DICOM_JSON = "application/dicom+json";
    static final String OCTET_STREAM = "application/octet-stream";
    static final int DEFAULT_THUMBNAIL = 128;

    private static final Logger log = LoggerFactory.getLogger(WadoRetrieval.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final int WRITE_BUFFER = 64 * 1024;

    private final WadoIndex index;
    private final InstanceFiles files;
    private final ArchiveAudit audit;
    private final TransactionTemplate transactions;

    WadoRetrieval(WadoIndex index, InstanceFiles files, ArchiveAudit audit, TransactionTemplate transactions) {
        this.index = index;
        this.files = files;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** What a request names, after the access checks. */
    record Scope(StudyRow study, List<InstanceRow> instances, boolean original) {

        InstanceRow single() {
            return instances.getFirst();
        }
    }

    /** Writes a response body. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    // ---------------------------------------------------------------- use cases

    /** Study, series or instance as Part 10 files in {@code multipart/related; type="application/dicom"}. */
    void retrieve(
            HttpServletRequest request,
            HttpServletResponse response,
            String studyUid,
            @Nullable String seriesUid,
            @Nullable String instanceUid,
            boolean original)
            throws IOException {
        Scope scope = resolve(request, studyUid, seriesUid, instanceUid, original, false);
        TransferSyntax[] chosen = null;
        String chosenParameter = null;
        for (MediaRange range : AcceptHeader.parse(Collections.list(request.getHeaders("Accept")))) {
            if (!multipartOf(range, DICOM, true)) {
                continue;
            }
            TransferSyntax[] syntaxes = new TransferSyntax[scope.instances().size()];
            boolean all = true;
            for (int i = 0; i < syntaxes.length && all; i++) {
                syntaxes[i] =
                        InstanceFiles.deliverable(scope.instances().get(i).transferSyntaxUid(), range.transferSyntax());
                all = syntaxes[i] != null;
            }
            if (all) {
                chosen = syntaxes;
                chosenParameter = range.transferSyntax();
                break;
            }
        }
        if (chosen == null) {
            throw notAcceptable(
                    "multipart/related; type=\"application/dicom\" in the stored transfer syntax, or in Explicit VR"
                            + " Little Endian from a native (uncompressed) one; compressed pixel data is not decoded");
        }
        TransferSyntax[] syntaxes = chosen;
        PatientValues coerceTo = scope.original() ? null : scope.study().patient();
        MultipartWriter multipart = new MultipartWriter();
        String what = "WADO-RS download of " + scope.instances().size() + " instance(s) as DICOM files"
                + (scope.original() ? " with the original patient attributes" : "");
        serve(request, response, scope, what, "retrieve|" + chosenParameter, multipart.contentType(DICOM), out -> {
            MultipartWriter parts = multipart.on(out);
            for (int i = 0; i < syntaxes.length; i++) {
                InstanceRow instance = scope.instances().get(i);
                parts.startPart(DICOM + "; transfer-syntax=" + syntaxes[i].uid(), null);
                files.writePart10(instance, coerceTo, syntaxes[i], out);
            }
            parts.finish();
        });
    }

    /** Metadata of a study, series or instance: a DICOM JSON array with absolute BulkDataURIs. */
    void metadata(
            HttpServletRequest request,
            HttpServletResponse response,
            String studyUid,
            @Nullable String seriesUid,
            @Nullable String instanceUid,
            boolean original)
            throws IOException {
        Scope scope = resolve(request, studyUid, seriesUid, instanceUid, original, true);
        boolean acceptable = false;
        for (MediaRange range : AcceptHeader.parse(Collections.list(request.getHeaders("Accept")))) {
            if (range.covers(DICOM_JSON) || range.covers("application/json")) {
                acceptable = true;
                break;
            }
        }
        if (!acceptable) {
            throw notAcceptable("application/dicom+json");
        }
        String base = ForwardedUrls.base(request) + "/dicomweb/studies/"
                + scope.study().studyInstanceUid();
        PatientValues coerceTo = scope.original() ? null : scope.study().patient();
        serve(
                request,
                response,
                scope,
                "WADO-RS metadata of " + scope.instances().size() + " instance(s)"
                        + (scope.original() ? " with the original patient attributes" : ""),
                "metadata|" + base,
                DICOM_JSON,
                out -> {
                    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
                        json.writeStartArray();
                        for (InstanceRow instance : scope.instances()) {
                            String url = base + "/series/" + instance.seriesUid() + "/instances/"
                                    + instance.sopInstanceUid();
                            MetadataWriter.write(json, require(instance.metadata()), url, coerceTo);
                        }
                        json.writeEndArray();
                    }
                });
    }

    /** A bulk value of an instance: its pixel data ({@code 7FE00010}) or a byte range of its file. */
    void bulkData(
            HttpServletRequest request,
            HttpServletResponse response,
            String studyUid,
            String seriesUid,
            String instanceUid,
            String reference)
            throws IOException {
        Scope scope = resolve(request, studyUid, seriesUid, instanceUid, false, false);
        InstanceRow instance = scope.single();
        long offset;
        long length;
        boolean swap = false;
        if (reference.equalsIgnoreCase("7FE00010")) {
            if (!instance.hasPixelData()) {
                throw WadoProblem.notFound("the instance has no bulk data 7FE00010");
            }
            if (instance.encapsulated()) {
                frames(request, response, scope, allFrames(instance), "WADO-RS pixel data");
                return;
            }
            if (instance.pixelDataOffset() == null) {
                byte[] pixels = files.readPixelData(instance);
                sendBulk(request, response, scope, reference, out -> out.write(pixels));
                return;
            }
            offset = instance.pixelDataOffset();
            length = require(instance.pixelDataLength());
            swap = TransferSyntax.of(instance.transferSyntaxUid()).bigEndian() && instance.bitsAllocated() > 8;
        } else {
            int dash = reference.indexOf('-');
            try {
                offset = Long.parseLong(reference.substring(0, Math.max(0, dash)));
                length = Long.parseLong(reference.substring(dash + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw WadoProblem.badRequest("bulk data is 7FE00010 or <offset>-<length>");
            }
            // only a value the header recorded as bulk data, never an arbitrary part of the file
            if (offset < 132
                    || length < 0
                    || offset + length > instance.sizeBytes()
                    || !index.hasBulkDataUri(instance.sopInstanceUid(), "bulkdata/" + offset + "-" + length)) {
                throw WadoProblem.notFound("the instance has no such bulk data");
            }
        }
        long from = offset;
        long count = length;
        boolean swapWords = swap;
        sendBulk(request, response, scope, reference, out -> {
            try (var channel = files.channel(instance)) {
                InstanceFiles.copy(channel, from, count, out, swapWords ? 2 : null);
            }
        });
    }

    private void sendBulk(
            HttpServletRequest request, HttpServletResponse response, Scope scope, String reference, Body body)
            throws IOException {
        boolean multipart = false;
        boolean acceptable = false;
        for (MediaRange range : AcceptHeader.parse(Collections.list(request.getHeaders("Accept")))) {
            String ts = range.transferSyntax();
            if (ts != null && !ts.equals("*") && !ts.equals(Uid.ExplicitVRLittleEndian)) {
                continue;
            }
            if (range.covers(OCTET_STREAM)) {
                acceptable = true;
                break;
            }
            if (multipartOf(range, OCTET_STREAM, false)) {
                acceptable = true;
                multipart = true;
                break;
            }
        }
        if (!acceptable) {
            throw notAcceptable(
                    "application/octet-stream or multipart/related;" + " type=\"application/octet-stream\"");
        }
        MultipartWriter writer = multipart ? new MultipartWriter() : null;
        serve(
                request,
                response,
                scope,
                "WADO-RS download of bulk data " + reference,
                "bulkdata|" + reference + "|" + multipart,
                writer == null ? OCTET_STREAM : writer.contentType(OCTET_STREAM),
                out -> {
                    if (writer == null) {
                        body.writeTo(out);
                        return;
                    }
                    MultipartWriter parts = writer.on(out);
                    parts.startPart(OCTET_STREAM, null);
                    body.writeTo(out);
                    parts.finish();
                });
    }

    /** Frames of an instance, by their 1-based numbers. */
    void frames(
            HttpServletRequest request,
            HttpServletResponse response,
            String studyUid,
            String seriesUid,
            String instanceUid,
            String frameList)
            throws IOException {
        Scope scope = resolve(request, studyUid, seriesUid, instanceUid, false, false);
        int[] numbers = frameNumbers(frameList);
        for (int number : numbers) {
            if (number > scope.single().numberOfFrames()) {
                throw WadoProblem.notFound("the instance has " + scope.single().numberOfFrames() + " frame(s)");
            }
        }
        frames(request, response, scope, numbers, "WADO-RS frames " + frameList);
    }

    private void frames(
            HttpServletRequest request, HttpServletResponse response, Scope scope, int[] numbers, String what)
            throws IOException {
        InstanceRow instance = scope.single();
        if (!instance.hasPixelData()) {
            throw WadoProblem.notFound("the instance has no pixel data");
        }
        String storedUid = instance.transferSyntaxUid();
        boolean encapsulated = instance.encapsulated();
        String partType = encapsulated ? FrameMediaTypes.of(storedUid) : OCTET_STREAM;
        if (partType == null) {
            throw WadoProblem.notAcceptable("frames of video transfer syntaxes are not served");
        }
        String chosen = null;
        for (MediaRange range : AcceptHeader.parse(Collections.list(request.getHeaders("Accept")))) {
            String ts = range.transferSyntax();
            String delivered = encapsulated ? storedUid : Uid.ExplicitVRLittleEndian;
            boolean syntaxOk = ts == null || ts.equals("*") || ts.equals(delivered);
            if (syntaxOk && multipartOf(range, partType, true)) {
                chosen = partType;
                break;
            }
            if (encapsulated && "*".equals(ts) && multipartOf(range, OCTET_STREAM, false)) {
                chosen = OCTET_STREAM;
                break;
            }
        }
        if (chosen == null) {
            throw notAcceptable("multipart/related; type=\"" + partType + "\""
                    + (encapsulated ? "; transfer-syntax=" + storedUid : ""));
        }
        List<FrameSource> sources = new ArrayList<>();
        if (encapsulated) {
            Encapsulated fragments = files.fragments(instance);
            List<List<long[]>> frames =
                    fragments.frames(instance.numberOfFrames(), item -> files.startsCodestream(instance, item));
            if (frames == null) {
                throw WadoProblem.notAcceptable("the frame boundaries of this instance are unknown");
            }
            for (int number : numbers) {
                List<long[]> frame = frames.get(number - 1);
                sources.add(out -> {
                    try (var channel = files.channel(instance)) {
                        for (long[] item : frame) {
                            InstanceFiles.copy(channel, item[0], item[1], out, null);
                        }
                    }
                });
            }
        } else {
            byte[] preloaded = instance.pixelDataOffset() == null ? files.readPixelData(instance) : null;
            long frameLength = frameLength(instance);
            for (int number : numbers) {
                long start = (number - 1) * frameLength;
                long available = preloaded != null ? preloaded.length : require(instance.pixelDataLength());
                if (start + frameLength > available) {
                    throw WadoProblem.notFound("frame " + number + " lies beyond the pixel data");
                }
                boolean swap =
                        TransferSyntax.of(storedUid).bigEndian() && instance.bitsAllocated() > 8 && preloaded == null;
                sources.add(out -> {
                    if (preloaded != null) {
                        out.write(preloaded, (int) start, (int) frameLength);
                        return;
                    }
                    try (var channel = files.channel(instance)) {
                        InstanceFiles.copy(
                                channel,
                                require(instance.pixelDataOffset()) + start,
                                frameLength,
                                out,
                                swap ? 2 : null);
                    }
                });
            }
        }
        String partSyntax = encapsulated ? storedUid : Uid.ExplicitVRLittleEndian;
        String partContentType = chosen + "; transfer-syntax=" + partSyntax;
        MultipartWriter multipart = new MultipartWriter();
        StringBuilder list = new StringBuilder();
        for (int number : numbers) {
            list.append(number).append(',');
        }
        serve(
                request,
                response,
                scope,
                what,
                "frames|" + list + "|" + partContentType,
                multipart.contentType(chosen),
                out -> {
                    MultipartWriter parts = multipart.on(out);
                    for (FrameSource source : sources) {
                        parts.startPart(partContentType, null);
                        source.writeTo(out);
                    }
                    parts.finish();
                });
    }

    @FunctionalInterface
    private interface FrameSource {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A rendered frame (rendered resources) or a small preview (thumbnails) as JPEG or PNG.
     *
     * @param frame the 1-based frame, or null for the first
     * @param thumbnail whether the default viewport is the thumbnail size rather than the image's own
     */
    void rendered(
            HttpServletRequest request,
            HttpServletResponse response,
            String studyUid,
            @Nullable String seriesUid,
            @Nullable String instanceUid,
            @Nullable Integer frame,
            boolean thumbnail,
            @Nullable String window,
            @Nullable String viewport,
            @Nullable Integer quality)
            throws IOException {
        Scope found = resolve(request, studyUid, seriesUid, instanceUid, false, false);
        InstanceRow instance = instanceUid != null ? found.single() : representative(found);
        Scope scope = new Scope(found.study(), List.of(instance), false);
        String mediaType = null;
        for (MediaRange range : AcceptHeader.parse(Collections.list(request.getHeaders("Accept")))) {
            if (range.covers("image/jpeg")) {
                mediaType = "image/jpeg";
                break;
            }
            if (range.covers("image/png")) {
                mediaType = "image/png";
                break;
            }
        }
        if (mediaType == null) {
            throw notAcceptable("image/jpeg or image/png");
        }
        int frameNumber = frame == null ? 1 : frame;
        if (frameNumber < 1) {
            throw WadoProblem.badRequest("frames are numbered from 1");
        }
        if (frameNumber > instance.numberOfFrames()) {
            throw WadoProblem.notFound("the instance has " + instance.numberOfFrames() + " frame(s)");
        }
        Renderer.Window voi = window == null ? null : Renderer.Window.parse(window);
        int[] size = viewport == null
                ? (thumbnail ? new int[] {DEFAULT_THUMBNAIL, DEFAULT_THUMBNAIL} : null)
                : viewport(viewport);
        int jpegQuality = quality == null ? 90 : quality;
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw WadoProblem.badRequest("quality is 1..100");
        }
        if (!instance.hasPixelData()) {
            throw WadoProblem.notAcceptable("the instance has no image");
        }
        Attributes header = new DicomJsonReader().read(index.metadata(instance.sopInstanceUid()));
        java.awt.image.BufferedImage image;
        if (!instance.encapsulated()) {
            byte[] pixels;
            long frameLength = frameLength(instance);
            if (instance.pixelDataOffset() == null
                    || TransferSyntax.of(instance.transferSyntaxUid()).bigEndian()) {
                byte[] all = files.readPixelData(instance);
                pixels = java.util.Arrays.copyOfRange(
                        all, (int) ((frameNumber - 1) * frameLength), (int) (frameNumber * frameLength));
            } else {
                pixels = files.readRange(
                        instance, instance.pixelDataOffset() + (frameNumber - 1) * frameLength, (int) frameLength);
            }
            image = Renderer.renderNative(header, pixels, voi);
        } else if (instance.transferSyntaxUid().equals(Uid.JPEGBaseline8Bit)) {
            List<List<long[]>> frames = files.fragments(instance)
                    .frames(instance.numberOfFrames(), item -> files.startsCodestream(instance, item));
            if (frames == null) {
                throw WadoProblem.notAcceptable("the frame boundaries of this instance are unknown");
            }
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            try (var channel = files.channel(instance)) {
                for (long[] item : frames.get(frameNumber - 1)) {
                    InstanceFiles.copy(channel, item[0], item[1], jpeg, null);
                }
            }
            image = Renderer.decodeJpeg(jpeg.toByteArray());
        } else {
            throw WadoProblem.notAcceptable("rendering supports native and JPEG baseline pixel data only");
        }
        if (size != null) {
            image = Renderer.fit(image, size[0], size[1]);
        }
        java.awt.image.BufferedImage rendered = image;
        String type = mediaType;
        serve(
                request,
                response,
                scope,
                (thumbnail ? "WADO-RS thumbnail" : "WADO-RS rendered frame " + frameNumber),
                "rendered|" + type + "|" + frameNumber + "|" + window + "|"
                        + (size == null ? "" : size[0] + "x" + size[1]) + "|" + jpegQuality,
                type,
                out -> Renderer.encode(rendered, type, jpegQuality, out));
    }

    /** The instance that stands for a series or study in a thumbnail: the middle image of its first series. */
    private static InstanceRow representative(Scope scope) {
        List<InstanceRow> images = new ArrayList<>();
        for (InstanceRow instance : scope.instances()) {
            if (instance.rows() > 0 && instance.hasPixelData()) {
                if (!images.isEmpty() && !images.getFirst().seriesUid().equals(instance.seriesUid())) {
                    break;
                }
                images.add(instance);
            }
        }
        if (images.isEmpty()) {
            throw WadoProblem.notFound("no image to render");
        }
        return images.get(images.size() / 2);
    }

    // ---------------------------------------------------------------- shared steps

    /**
     * Finds the study and instances, and refuses what the user may not see: a held study (but to admins) and a study
     * of a site outside a site-limited user's answer 404 as if absent.
     */
    Scope resolve(
            HttpServletRequest request,
            String studyUid,
            @Nullable String seriesUid,
            @Nullable String instanceUid,
            boolean original,
            boolean withMetadata) {
        StudyRow study = index.study(studyUid).orElseThrow(() -> WadoProblem.notFound("the archive has no such study"));
        if (!SiteScope.current().allows(study.study().site())) {
            record(
                    request,
                    study,
                    "WADO-RS request for a study of another site",
                    AuditOutcome.MINOR_FAILURE,
                    "study of a site outside the user's sites");
            throw WadoProblem.notFound("the archive has no such study");
        }
        boolean admin = isAdmin();
        if (study.held() && !admin) {
            record(request, study, "WADO-RS request for a held study", AuditOutcome.MINOR_FAILURE, "study held");
            throw WadoProblem.notFound("the archive has no such study");
        }
        if (original && !admin) {
            record(
                    request,
                    study,
                    "WADO-RS request for original patient attributes",
                    AuditOutcome.MINOR_FAILURE,
                    "original=true needs the admin role");
            throw WadoProblem.forbidden("original=true is for admins only");
        }
        List<InstanceRow> instances = index.instances(study.studyPk(), seriesUid, instanceUid, withMetadata);
        if (instances.isEmpty()) {
            throw WadoProblem.notFound(
                    instanceUid != null
                            ? "the archive has no such instance in this series"
                            : "the archive has no such series in this study");
        }
        return new Scope(study, instances, original);
    }

    private void serve(
            HttpServletRequest request,
            HttpServletResponse response,
            Scope scope,
            String what,
            String representation,
            String contentType,
            Body body)
            throws IOException {
        // JSON may be sent gzip-encoded, a representation of other bytes: its validator is weak
        String etag = (contentType.equals(DICOM_JSON) ? "W/" : "") + etag(scope, representation);
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "private, no-cache");
        response.setHeader("Vary", "Accept, Authorization");
        if (matches(request.getHeaders("If-None-Match"), etag)) {
            record(request, scope.study(), what + " (not modified)", AuditOutcome.SUCCESS, null);
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        record(request, scope.study(), what, AuditOutcome.SUCCESS, null);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), WRITE_BUFFER);
        try {
            body.writeTo(out);
            out.flush();
        } catch (IOException e) {
            if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
                // a viewer that navigates away mid-study is no failure of the archive
                log.debug("client went away during {}", what);
                return;
            }
            throw e;
        }
    }

    private void record(
            HttpServletRequest request, StudyRow study, String what, AuditOutcome outcome, @Nullable String failure) {
        transactions.executeWithoutResult(tx -> audit.httpRead(
                AuditCodes.INSTANCES_ACCESSED,
                what,
                AuditAction.R,
                outcome,
                failure,
                ArchiveAudit.studyObjects(study.study()),
                request));
    }

    private static WadoProblem notAcceptable(String offered) {
        return WadoProblem.notAcceptable("none of the accepted media types can be served; offered: " + offered);
    }

    /**
     * A strong validator of a representation: the instances' content digests, the patient values and the study
     * row's last change (so a merge that changes coerced attributes changes it), and what was negotiated.
     */
    static String etag(Scope scope, String representation) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        StringBuilder text = new StringBuilder("wado-v1|")
                .append(representation)
                .append('|')
                .append(scope.original())
                .append('|')
                .append(scope.study().updatedAt())
                .append('|')
                .append(scope.study().patient())
                .append('|');
        for (InstanceRow instance : scope.instances()) {
            text.append(instance.sopInstanceUid())
                    .append(':')
                    .append(instance.sha256())
                    .append(';');
        }
        byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
    }

    /** Whether If-None-Match names the validator (weak comparison, RFC 9110 13.1.2). */
    static boolean matches(java.util.Enumeration<String> ifNoneMatch, String etag) {
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        while (ifNoneMatch.hasMoreElements()) {
            for (String candidate : ifNoneMatch.nextElement().split(",")) {
                String tag = candidate.strip();
                if (tag.equals("*")) {
                    return true;
                }
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals(opaque)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a range accepts {@code multipart/related} with parts of a type (or, when allowed, of any type). */
    private static boolean multipartOf(MediaRange range, String partType, boolean wildcardMeansThis) {
        if (range.isWildcard()) {
            return wildcardMeansThis;
        }
        if (!range.covers("multipart/related")) {
            return false;
        }
        String type = range.partType();
        return type == null || type.equals(partType);
    }

    private static boolean isAdmin() {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        return user != null && user.getAuthorities().stream().anyMatch(a -> "ROLE_admin".equals(a.getAuthority()));
    }

    static int[] frameNumbers(String list) {
        String[] parts = list.split(",", -1);
        if (parts.length > 10_000) {
            throw WadoProblem.badRequest("too many frames in one request");
        }
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw WadoProblem.badRequest("frames are a comma-separated list of numbers from 1");
            }
            if (numbers[i] < 1) {
                throw WadoProblem.badRequest("frames are numbered from 1");
            }
        }
        return numbers;
    }

    private static int[] allFrames(InstanceRow instance) {
        int[] numbers = new int[instance.numberOfFrames()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = i + 1;
        }
        return numbers;
    }

    static int[] viewport(String parameter) {
        String[] parts = parameter.split(",");
        try {
            int width = Integer.parseInt(parts[0].strip());
            int height = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : width;
            if (width < 1 || height < 1 || width > 4096 || height > 4096) {
                throw WadoProblem.badRequest("viewport is width,height, each 1..4096");
            }
            return new int[] {width, height};
        } catch (NumberFormatException e) {
            throw WadoProblem.badRequest("viewport is width,height");
        }
    }

    private static long frameLength(InstanceRow instance) {
        long bits = (long) instance.rows() * instance.columns() * instance.samplesPerPixel() * instance.bitsAllocated();
        if (bits <= 0 || bits % 8 != 0) {
            throw WadoProblem.notAcceptable("frames of this instance do not lie on byte boundaries");
        }
        return bits / 8;
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("index row incomplete");
        }
        return value;
    }
}
