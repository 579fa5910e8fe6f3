package health.isthmus.dicomweb.bench;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.process.BenchmarkLock;
import health.isthmus.testsupport.process.ChildJvm;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What the gateway adds to a viewer's requests: the same DICOMweb requests sent straight to dicomweb-service and
 * through gateway-service (its jar, as a child JVM, validating the same tokens against the test issuer), alternately,
 * one at a time, and the p50 and p99 of each with the difference. Requests: QIDO-RS study search by PatientID (a
 * different patient each time, one match), the metadata of a 100-instance series, and one instance ({@code
 * multipart/related; type="application/dicom"}). Run through {@code dicomweb-service/bench-gateway.sh}, which builds
 * the gateway's jar first; figures go to stdout and {@code target/bench-gateway.txt}. Settings: {@code
 * -Dbench.studies=300} (one-instance studies besides the 100-instance series), {@code -Dbench.size=256} (rows and
 * columns of the 16-bit images), {@code -Dbench.samples=300} (per request kind and path), {@code -Dbench.warmup=2000} (requests of each kind before any is counted: the JIT compiler settles on both JVMs).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.fsync=false",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/gateway-bench-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class GatewayOverheadBenchmark {

    private static final Logger log = LoggerFactory.getLogger(GatewayOverheadBenchmark.class);
    private static final String DICOM = "multipart/related; type=\"application/dicom\"";
    private static final String DICOM_JSON = "application/dicom+json";
    private static final int SERIES_INSTANCES = 100;
    private static final Duration GATEWAY_START_TIMEOUT = Duration.ofSeconds(120);

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    // HTTP/1.1 with keep-alive on both paths, as a viewer's browser would talk to the gateway
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringBuilder report = new StringBuilder();

    @Test
    void gatewayOverheadOnDicomWebRequests() throws Exception {
        int studies = Integer.getInteger("bench.studies", 300);
        int size = Integer.getInteger("bench.size", 256);
        int samples = Integer.getInteger("bench.samples", 300);
        int warmup = Integer.getInteger("bench.warmup", 2000);

        Study series = Study.of("MRN-GW-SERIES", "SERIES^PATIENT", "ACC-GW-SERIES");
        List<String> sops = new ArrayList<>();
        for (int i = 0; i < SERIES_INSTANCES; i++) {
            String sop = Uids.create();
            store(TestInstances.ct(series, sop, i + 1, size, i));
            sops.add(sop);
        }
        for (int s = 0; s < studies; s++) {
            store(TestInstances.ct(
                    Study.of(patientId(s), "GATEWAY^BENCH^" + s, "ACC-GW-" + s), Uids.create(), 1, 64, s));
        }

        int gatewayPort = LoopbackPorts.free();
        try (ChildJvm gateway = startGateway(gatewayPort)) {
            String direct = "http://127.0.0.1:" + port;
            String viaGateway = "http://127.0.0.1:" + gatewayPort;
            String seriesPath = "/dicomweb/studies/" + series.studyUid() + "/series/" + series.seriesUid();
            String instancePath = seriesPath + "/instances/" + sops.get(SERIES_INSTANCES / 2);
            List<Kind> kinds = List.of(
                    new Kind(
                            "QIDO-RS studies?PatientID= (1 match)",
                            i -> "/dicomweb/studies?PatientID=" + patientId(i),
                            DICOM_JSON),
                    new Kind("WADO-RS series metadata (100 instances)", i -> seriesPath + "/metadata", DICOM_JSON),
                    new Kind("WADO-RS one instance (" + size + "x" + size + " 16-bit)", i -> instancePath, DICOM));

            // both paths answer the same (the instance byte for byte), and JIT and pools are warm before measuring
            for (Kind kind : kinds) {
                String token = TestIssuer.get().token("bench", "radiologist");
                long directBytes = fetch(direct + kind.path.apply(0), kind.accept, token);
                long gatewayBytes = fetch(viaGateway + kind.path.apply(0), kind.accept, token);
                if (kind.accept.equals(DICOM) && directBytes != gatewayBytes) {
                    throw new IllegalStateException(
                            "the gateway answered %d bytes for %d direct".formatted(gatewayBytes, directBytes));
                }
                Random random = new Random(7);
                for (int i = 0; i < warmup; i++) {
                    int which = random.nextInt(studies);
                    fetch(direct + kind.path.apply(which), kind.accept, token);
                    fetch(viaGateway + kind.path.apply(which), kind.accept, token);
                }
            }

            line(
                    "gateway overhead: %d studies + a %d-instance series (%dx%d 16-bit, explicit VR little endian)",
                    studies, SERIES_INSTANCES, size, size);
            line(
                    "client: JDK HttpClient, HTTP/1.1 keep-alive, one request at a time, loopback; direct and gateway"
                            + " alternate request by request; %d samples each after %d warm-up",
                    samples, warmup);
            line("dicomweb-service in the test JVM; gateway-service jar in a child JVM (%s)", gatewayJvmOptions());
            try (BenchmarkLock lock = BenchmarkLock.take()) {
                double loadBefore = loadAverage();
                line(
                        "%d CPU(s), load average %.2f at start",
                        Runtime.getRuntime().availableProcessors(), loadBefore);
                line("");
                line(
                        "%-42s %9s %9s %9s %9s %9s %9s",
                        "request (ms)", "direct50", "direct99", "gw p50", "gw p99", "+p50", "+p99");
                for (Kind kind : kinds) {
                    // tokens live 10 minutes: a fresh one per kind of request
                    String token = TestIssuer.get().token("bench", "radiologist");
                    double[] directMillis = new double[samples];
                    double[] gatewayMillis = new double[samples];
                    Random random = new Random(42);
                    for (int i = 0; i < samples; i++) {
                        String path = kind.path.apply(random.nextInt(studies));
                        directMillis[i] = timed(direct + path, kind.accept, token);
                        gatewayMillis[i] = timed(viaGateway + path, kind.accept, token);
                    }
                    double d50 = percentile(directMillis, 0.50);
                    double d99 = percentile(directMillis, 0.99);
                    double g50 = percentile(gatewayMillis, 0.50);
                    double g99 = percentile(gatewayMillis, 0.99);
                    line(
                            "%-42s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f",
                            kind.name, d50, d99, g50, g99, g50 - d50, g99 - d99);
                }
                line("");
                line("load average %.2f at the end (1 min); +p50/+p99 are differences of percentiles", loadAverage());
            }
        }
        Path out = Path.of("target", "bench-gateway.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** A kind of request: its path for the i-th sample and what it accepts. */
    private record Kind(String name, IntFunction<String> path, String accept) {}

    private static String patientId(int study) {
        return "MRN-GW-" + study;
    }

    private void store(Attributes dataset) throws IOException {
        byte[] file = TestInstances.part10(dataset, Uid.ExplicitVRLittleEndian);
        try (InputStream in = new ByteArrayInputStream(file)) {
            IngestOutcome outcome = ingest.storeFile(IngestSource.stow("bench", "127.0.0.1"), in);
            if (!outcome.stored()) {
                throw new IllegalStateException("not stored: " + outcome.reason());
            }
        }
    }

    private static List<String> gatewayJvmOptions() {
        return List.of("-Xms128m", "-Xmx384m", "-XX:+UseSerialGC");
    }

    /** Starts the gateway's jar, routing dicomweb to this JVM's server, and waits until it answers its health. */
    private ChildJvm startGateway(int gatewayPort) throws IOException, InterruptedException {
        TestIssuer issuer = TestIssuer.get();
        List<String> arguments = new ArrayList<>(gatewayJvmOptions());
        arguments.addAll(List.of("-jar", gatewayJar().toString()));
        Stream.of(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuer(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri(),
                        "logging.level.root=WARN")
                .map(argument -> "--" + argument)
                .forEach(arguments::add);
        Path directory = Path.of("target", "bench-gateway").toAbsolutePath();
        ChildJvm gateway = ChildJvm.start(
                "gateway-service",
                arguments,
                Map.of(
                        "ISTHMUS_GATEWAY_PORT", Integer.toString(gatewayPort),
                        "ISTHMUS_DICOMWEB_HTTP_PORT", Integer.toString(port),
                        // one caller sends every request here: limited, as in production, but far above the pace
                        "ISTHMUS_GATEWAY_RATE_LIMIT_RPS", "100000",
                        "ISTHMUS_PARENT_PID",
                                Long.toString(ProcessHandle.current().pid())),
                directory,
                directory.resolve("gateway-" + System.currentTimeMillis() + ".log"));
        try {
            gateway.awaitPort(gatewayPort, GATEWAY_START_TIMEOUT);
            Instant deadline = Instant.now().plus(GATEWAY_START_TIMEOUT);
            URI health = URI.create("http://127.0.0.1:" + gatewayPort + "/actuator/health");
            while (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the gateway is not healthy; " + gateway.logTail(40));
                }
                Thread.sleep(200);
            }
        } catch (RuntimeException | IOException | InterruptedException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private static Path gatewayJar() {
        Path target = Path.of("..", "gateway-service", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("gateway-service-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no gateway-service/target/gateway-service-*.jar: run bench-gateway.sh, which builds it"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("no " + target.toAbsolutePath() + ": build gateway-service first", e);
        }
    }

    private double timed(String url, String accept, String token) throws IOException, InterruptedException {
        long start = System.nanoTime();
        fetch(url, accept, token);
        return (System.nanoTime() - start) / 1e6;
    }

    /** Sends the request and reads the whole body; the byte count of a 200 answer. */
    private long fetch(String url, String accept, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", accept)
                .header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream body = response.body()) {
            bytes = body.transferTo(OutputStream.nullOutputStream());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return bytes;
    }

    /** The nearest-rank percentile. */
    private static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void line(String format, Object... arguments) {
        String text = String.format(Locale.ROOT, format, arguments);
        report.append(text).append('\n');
        log.info("{}", text);
    }
}
