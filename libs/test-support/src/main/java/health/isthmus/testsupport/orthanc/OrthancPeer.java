package health.isthmus.testsupport.orthanc;

import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Orthanc 1.10 server with its DICOMweb plugin, started from a configuration of its own in a fresh directory,
 * as the independent peer of a test or benchmark: a PACS that our services send studies to (C-STORE, STOW-RS), query
 * (C-FIND, QIDO-RS) or receive studies from ({@link #storeTo(String, String)}).
 *
 * <p>Orthanc listens on loopback ports chosen at start, accepts C-STORE from any calling AE title and does not check
 * the called one, needs no HTTP credentials and answers HTTP from this host only. It writes its index and storage under
 * the directory with {@code fsync} ({@code SyncStorageArea}), so that figures measured against it are those of a
 * durable archive, and logs to {@code orthanc.log} there.
 *
 * <p>The process does not outlive the test JVM: {@link #close()} stops it, a shutdown hook kills every peer still
 * running, and a small shell loop kills Orthanc when the test JVM is killed outright ({@code SIGKILL}), when no hook
 * runs.
 */
public final class OrthancPeer implements AutoCloseable {

    /** Where Debian's {@code orthanc} package installs the server. */
    public static final Path DEFAULT_BINARY = Path.of("/usr/sbin/Orthanc");

    /** Where Debian's {@code orthanc-dicomweb} package installs the DICOMweb plugin. */
    public static final Path DEFAULT_DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String GUARD_LOOP =
            "while kill -0 \"$1\" 2>/dev/null; do kill -0 \"$2\" 2>/dev/null || exit 0;"
                    + " sleep 1; done; kill -KILL \"$2\" 2>/dev/null; exit 0";
    private static final Set<String> MANAGED_KEYS = Set.of("HttpPort", "DicomPort", "DicomAet", "DicomModalities");
    private static final Set<OrthancPeer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> List.copyOf(RUNNING).forEach(peer -> peer.process.destroyForcibly()), "orthanc-reaper"));
    }

    private final Path directory;
    private final Process process;
    private final Optional<Process> guard;
    private final int httpPort;
    private final int dicomPort;
    private final String aeTitle;
    private final HttpClient http;

    private OrthancPeer(
            Path directory, Process process, Optional<Process> guard, int httpPort, int dicomPort, String aeTitle) {
        this.directory = directory;
        this.process = process;
        this.guard = guard;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.aeTitle = aeTitle;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Options of a peer beyond the defaults: its AE title, the modalities it may send to, how soon a study counts as
     * stable, and any other Orthanc setting.
     */
    public static final class Options {

        private String aeTitle = "ORTHANC";
        private final Map<String, List<Object>> modalities = new LinkedHashMap<>();
        private Duration stableAge = Duration.ofSeconds(1);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Path binary = DEFAULT_BINARY;
        private Path dicomWebPlugin = DEFAULT_DICOMWEB_PLUGIN;
        private final Map<String, Object> settings = new LinkedHashMap<>();

        private Options() {}

        /** AE title {@code ORTHANC}, no modalities, {@code StableAge} 1 s, 30 s to start, Debian's paths. */
        public static Options defaults() {
            return new Options();
        }

        /** Orthanc's own AE title ({@code DicomAet}), which it uses as the calling AE title when it sends. */
        public Options aeTitle(String aeTitle) {
            this.aeTitle = aeTitle;
            return this;
        }

        /**
         * A DICOM peer Orthanc may send to under {@code name} ({@code DicomModalities}), for {@link
         * OrthancPeer#storeTo(String, String)}.
         */
        public Options modality(String name, String aeTitle, String host, int port) {
            modalities.put(name, List.of(aeTitle, host, port));
            return this;
        }

        /**
         * How long a study, series or patient must go without new instances before Orthanc calls it stable ({@code
         * StableAge}, whole seconds, at least 1).
         */
        public Options stableAge(Duration stableAge) {
            this.stableAge = stableAge;
            return this;
        }

        /** How long {@link OrthancPeer#start(Path, Options)} waits for the REST API to answer. */
        public Options startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** The Orthanc executable, when it is not Debian's. */
        public Options binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /** The DICOMweb plugin library, when it is not Debian's. */
        public Options dicomWebPlugin(Path dicomWebPlugin) {
            this.dicomWebPlugin = dicomWebPlugin;
            return this;
        }

        /**
         * Any other top-level configuration key, written as JSON (strings, numbers, booleans, lists and maps of them);
         * it overrides what this class would write for the same key, for example {@code ("SyncStorageArea", false)},
         * {@code ("ConcurrentJobs", 4)} or {@code ("Plugins", [...])} to load more plugins.
         *
         * @throws IllegalArgumentException for {@code HttpPort}, {@code DicomPort}, {@code DicomAet} and {@code
         *     DicomModalities}, which the peer chooses or has options for
         */
        public Options setting(String key, Object value) {
            if (MANAGED_KEYS.contains(key)) {
                throw new IllegalArgumentException(key + " is set by OrthancPeer; use its own option if there is one");
            }
            settings.put(key, value);
            return this;
        }
    }

    /** What {@code POST /instances} answered for an uploaded file. */
    public record UploadedInstance(String instanceId, String studyId, String status) {}

    /** Whether Orthanc and its DICOMweb plugin are installed where Debian puts them. */
    public static boolean installed() {
        return Files.isExecutable(DEFAULT_BINARY) && Files.isRegularFile(DEFAULT_DICOMWEB_PLUGIN);
    }

    /** Starts a peer with the {@linkplain Options#defaults() default options}; see {@link #start(Path, Options)}. */
    public static OrthancPeer start(Path parent) throws IOException {
        return start(parent, Options.defaults());
    }

    /**
     * Writes {@code config.json} into a new directory under {@code parent}, starts Orthanc from it and waits until its
     * REST API answers {@code GET /system}.
     *
     * @throws IllegalStateException when Orthanc ends or does not answer within the start timeout; the message has
     *     the end of its log, and the process is gone
     */
    public static OrthancPeer start(Path parent, Options options) throws IOException {
        Files.createDirectories(parent);
        Path directory = Files.createTempDirectory(parent.toAbsolutePath(), "orthanc-");
        int httpPort = LoopbackPorts.free();
        int dicomPort = LoopbackPorts.free();
        Path config = directory.resolve("config.json");
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(config.toFile(), configuration(directory, httpPort, dicomPort, options));

        List<String> command =
                List.of(options.binary.toString(), "--logfile=" + directory.resolve("orthanc.log"), config.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("orthanc.out").toFile()));
        // Orthanc's DICOM layer is Debian's DCMTK, which leaves Nagle's algorithm on unless told otherwise (as for the
        // DCMTK tools): without this every C-STORE response waits out a delayed ACK (about 40 ms an instance)
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        OrthancPeer peer =
                new OrthancPeer(directory, process, startGuard(process.pid()), httpPort, dicomPort, options.aeTitle);
        RUNNING.add(peer);
        try {
            peer.awaitReady(options.startTimeout);
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private static Map<String, Object> configuration(Path directory, int httpPort, int dicomPort, Options options) {
        Path storage = directory.resolve("storage");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("Name", "isthmus-peer-" + httpPort);
        settings.put("StorageDirectory", storage.toString());
        settings.put("IndexDirectory", storage.toString());
        settings.put("HttpPort", httpPort);
        settings.put("DicomPort", dicomPort);
        settings.put("DicomAet", options.aeTitle);
        settings.put("DicomCheckCalledAet", false);
        settings.put("RemoteAccessAllowed", false);
        settings.put("AuthenticationEnabled", false);
        settings.put("SyncStorageArea", true);
        settings.put("StableAge", Math.max(1, options.stableAge.toSeconds()));
        // a peer starts empty every time: nothing to resume, and no job history on disk to slow it down
        settings.put("SaveJobs", false);
        settings.put("DicomModalities", options.modalities);
        settings.put("Plugins", List.of(options.dicomWebPlugin.toString()));
        settings.put("DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/"));
        settings.putAll(options.settings);
        return settings;
    }

    /** Kills Orthanc when the test JVM is gone without having run its shutdown hooks. */
    private static Optional<Process> startGuard(long orthancPid) {
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // Ctrl-C on the build must not end the guard before the JVM
        }
        command.addAll(List.of(
                "/bin/sh",
                "-c",
                GUARD_LOOP,
                "orthanc-guard",
                Long.toString(ProcessHandle.current().pid()),
                Long.toString(orthancPid)));
        try {
            Process guard = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            guard.getOutputStream().close();
            return Optional.of(guard);
        } catch (IOException e) {
            return Optional.empty(); // the shutdown hook and close() still stop Orthanc
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/system"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc ended (exit code %d) before answering on port %d; %s"
                        .formatted(process.exitValue(), httpPort, logTail(40)));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Orthanc", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Orthanc did not answer GET /system on port %d within %d s; %s"
                        .formatted(httpPort, timeout.toSeconds(), logTail(40)));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** The HTTP port of the REST API and of DICOMweb. */
    public int httpPort() {
        return httpPort;
    }

    /** The DICOM port, for C-ECHO, C-STORE and C-FIND. */
    public int dicomPort() {
        return dicomPort;
    }

    /** Orthanc's AE title; it does not check the called AE title of incoming associations. */
    public String aeTitle() {
        return aeTitle;
    }

    /** {@code http://127.0.0.1:<httpPort>}, the root of the REST API. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** {@code http://127.0.0.1:<httpPort>/dicom-web}, the DICOMweb root (QIDO-RS, WADO-RS, STOW-RS). */
    public String dicomWebUrl() {
        return baseUrl() + "/dicom-web";
    }

    /** The peer's own directory: {@code config.json}, {@code orthanc.log} and {@code storage/}. */
    public Path directory() {
        return directory;
    }

    /** Orthanc's log file. */
    public Path logFile() {
        return directory.resolve("orthanc.log");
    }

    /** Whether the Orthanc process is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * {@code GET <path>} on the REST API (or under {@code /dicom-web/}), for example {@code /studies} or {@code
     * /dicom-web/studies?PatientID=P1}.
     *
     * @return the body of a 200 answer
     * @throws IllegalStateException when Orthanc answers anything else, with its answer
     */
    public String get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /**
     * {@code POST <path>} with a text body.
     *
     * @return the body of a 200 answer
     * @throws IllegalStateException when Orthanc answers anything else, with its answer
     */
    public String post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** The number of instances Orthanc holds ({@code CountInstances} of {@code GET /statistics}). */
    public int instanceCount() {
        return JSON.readTree(get("/statistics")).required("CountInstances").asInt();
    }

    /** Orthanc's identifiers of the studies it holds ({@code GET /studies}); not Study Instance UIDs. */
    public List<String> studies() {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : JSON.readTree(get("/studies"))) {
            ids.add(id.asString());
        }
        return ids;
    }

    /**
     * Orthanc's identifier of the study with this Study Instance UID ({@code POST /tools/lookup}), empty when it holds
     * no such study.
     */
    public Optional<String> studyId(String studyInstanceUid) {
        for (JsonNode match : JSON.readTree(post("/tools/lookup", studyInstanceUid))) {
            if ("Study".equals(match.path("Type").asString())) {
                return Optional.of(match.required("ID").asString());
            }
        }
        return Optional.empty();
    }

    /** Stores a DICOM Part 10 file through the REST API ({@code POST /instances}), without DICOM networking. */
    public UploadedInstance uploadFile(Path dicomFile) {
        try {
            JsonNode answer = JSON.readTree(send(HttpRequest.newBuilder(uri("/instances"))
                    .header("Content-Type", "application/dicom")
                    .POST(HttpRequest.BodyPublishers.ofFile(dicomFile))));
            return new UploadedInstance(
                    answer.required("ID").asString(),
                    answer.required("ParentStudy").asString(),
                    answer.required("Status").asString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dicomFile, e);
        }
    }

    /**
     * Has Orthanc send a patient, study, series or instance it holds to a {@linkplain Options#modality configured
     * modality} by C-STORE ({@code POST /modalities/<name>/store}), and waits until it has.
     *
     * @param orthancResourceId Orthanc's identifier of the resource, for example one of {@link #studies()}
     * @throws IllegalStateException when the association fails or the peer refuses any instance
     */
    public void storeTo(String modalityName, String orthancResourceId) {
        String answer = post(
                "/modalities/" + URLEncoder.encode(modalityName, StandardCharsets.UTF_8) + "/store", orthancResourceId);
        int failed = JSON.readTree(answer).path("FailedInstancesCount").asInt(0);
        if (failed > 0) {
            throw new IllegalStateException("Orthanc could not store %d instance(s) of %s at %s: %s"
                    .formatted(failed, orthancResourceId, modalityName, answer));
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl() + (path.startsWith("/") ? path : "/" + path));
    }

    private String send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> response = sendWithRetry(built);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Orthanc answered %s %s with %d: %s"
                        .formatted(built.method(), built.uri().getRawPath(), response.statusCode(), response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("%s %s failed; %s".formatted(built.method(), built.uri(), logTail(20)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + built.method() + " " + built.uri(), e);
        }
    }

    /**
     * Sends, once more after an I/O failure: Orthanc closes idle keep-alive connections, and a request the client sent
     * on one just closed fails with "received no bytes" although Orthanc is fine. Every request sent here may be
     * repeated (reads, uploads of the same file, store jobs).
     */
    private HttpResponse<String> sendWithRetry(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedUnderUs) {
            Thread.sleep(100);
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The last lines of Orthanc's log and of what it wrote to stdout and stderr, for failure messages. */
    public String logTail(int lines) {
        return "%s ends with:%n%s%n%s ends with:%n%s"
                .formatted(
                        logFile(),
                        tail(logFile(), lines),
                        directory.resolve("orthanc.out"),
                        tail(directory.resolve("orthanc.out"), lines));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(not readable: " + e.getMessage() + ")";
        }
    }

    /** Asks Orthanc to stop ({@code SIGTERM}) and kills it when it has not ended within 15 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(this);
            guard.ifPresent(OrthancPeer::stopGuard);
        }
    }

    private static void stopGuard(Process guard) {
        List<ProcessHandle> children = guard.descendants().toList(); // its "sleep 1"
        guard.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Orthanc " + aeTitle + " (pid " + process.pid() + ", http " + httpPort + ", dicom " + dicomPort + ")";
    }
}
