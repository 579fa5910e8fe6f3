package health.isthmus.dicomweb.bench;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.orthanc.OrthancPeer;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.process.BenchmarkLock;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * WADO-RS against Orthanc 1.10 with its DICOMweb plugin, the same files in both, in the same run: instance retrieval
 * throughput (every instance of a series fetched one request at a time as {@code multipart/related;
 * type="application/dicom"}, bytes of the responses over wall time) and series metadata latency (a 500-instance
 * series). Both servers run on this machine; the client is the JDK's HttpClient, one request at a time. Run through
 * {@code dicomweb-service/bench-wado.sh}; figures go to stdout and {@code target/bench-wado.txt}. Settings:
 * {@code -Dbench.instances=500}, {@code -Dbench.size=256} (rows and columns of the 16-bit images), {@code
 * -Dbench.samples=20} (metadata requests per server), {@code -Dbench.rounds=3} (passes over the series).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.fsync=false",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/wado-bench-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class WadoRetrieveBenchmark {

    private static final Logger log = LoggerFactory.getLogger(WadoRetrieveBenchmark.class);
    private static final String DICOM = "multipart/related; type=\"application/dicom\"";

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder report = new StringBuilder();

    @Test
    void retrieveAndMetadataAgainstOrthanc() throws Exception {
        int count = Integer.getInteger("bench.instances", 500);
        int size = Integer.getInteger("bench.size", 256);
        int samples = Integer.getInteger("bench.samples", 20);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "wado-bench-files");
        Files.createDirectories(work);
        Study study = Study.of("MRN-BENCH", "BENCH^PATIENT", "ACC-BENCH");
        List<Path> files = new ArrayList<>();
        List<String> sops = new ArrayList<>();
        long totalBytes = 0;
        for (int i = 0; i < count; i++) {
            String sop = Uids.create();
            Attributes ct = TestInstances.ct(study, sop, i + 1, size, i);
            ct.setString(Tag.RescaleIntercept, VR.DS, "-1024");
            ct.setString(Tag.RescaleSlope, VR.DS, "1");
            Path file = TestInstances.write(work.resolve(sop + ".dcm"), ct, Uid.ExplicitVRLittleEndian);
            try (InputStream in = Files.newInputStream(file)) {
                IngestOutcome outcome = ingest.storeFile(IngestSource.stow("bench", "127.0.0.1"), in);
                if (outcome.status() != 0) {
                    throw new IllegalStateException("not stored: " + outcome.reason());
                }
            }
            files.add(file);
            sops.add(sop);
            totalBytes += Files.size(file);
        }
        String token = TestIssuer.get().token("bench", "radiologist");
        String ours = "http://127.0.0.1:" + port + "/dicomweb";
        try (OrthancPeer orthanc = OrthancPeer.start(work.resolve("orthanc"))) {
            for (Path file : files) {
                orthanc.uploadFile(file);
            }
            String theirs = orthanc.dicomWebUrl();
            line(
                    "WADO-RS benchmark: %d instances of %dx%d 16-bit (%.1f MB in files), explicit VR little endian",
                    count, size, size, totalBytes / 1e6);
            line(
                    "client: JDK HttpClient, one request at a time, loopback; %d CPU(s), load average %.1f",
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            String seriesPath = "/studies/" + study.studyUid() + "/series/" + study.seriesUid();

            // warm-up of both (JIT, caches), not measured
            for (int i = 0; i < Math.min(50, count); i++) {
                fetch(ours + seriesPath + "/instances/" + sops.get(i), DICOM, token);
                fetch(theirs + seriesPath + "/instances/" + sops.get(i), DICOM, null);
            }
            fetch(ours + seriesPath + "/metadata", "application/dicom+json", token);
            fetch(theirs + seriesPath + "/metadata", "application/dicom+json", null);

            BenchmarkLock lock = BenchmarkLock.take();
            try {
                double[] oursRetrieve = retrieve(ours + seriesPath, sops, token, rounds);
                double[] theirsRetrieve = retrieve(theirs + seriesPath, sops, null, rounds);
                line("");
                line("instance retrieval (GET .../instances/{i}, %d rounds over the series)", rounds);
                line("  isthmus : %8.1f MB/s  %7.1f instances/s", oursRetrieve[0], oursRetrieve[1]);
                line("  orthanc : %8.1f MB/s  %7.1f instances/s", theirsRetrieve[0], theirsRetrieve[1]);
                line("  ratio isthmus/orthanc: %.2f", oursRetrieve[0] / theirsRetrieve[0]);

                double[] oursSeries = retrieveWhole(ours + seriesPath, token, rounds);
                double[] theirsSeries = retrieveWhole(theirs + seriesPath, null, rounds);
                line("");
                line("series retrieval in one request (GET .../series/{se}, %d rounds)", rounds);
                line("  isthmus : %8.1f MB/s  %7.0f ms per series", oursSeries[0], oursSeries[1]);
                line("  orthanc : %8.1f MB/s  %7.0f ms per series", theirsSeries[0], theirsSeries[1]);
                line("  ratio isthmus/orthanc: %.2f", oursSeries[0] / theirsSeries[0]);

                double[] oursMeta = latencies(ours + seriesPath + "/metadata", token, samples);
                double[] theirsMeta = latencies(theirs + seriesPath + "/metadata", null, samples);
                line("");
                line(
                        "series metadata latency (GET .../series/{se}/metadata, %d instances, %d samples, ms)",
                        count, samples);
                line("  isthmus : median %7.1f  p90 %7.1f  min %7.1f", oursMeta[0], oursMeta[1], oursMeta[2]);
                line("  orthanc : median %7.1f  p90 %7.1f  min %7.1f", theirsMeta[0], theirsMeta[1], theirsMeta[2]);
                line("  ratio of medians orthanc/isthmus: %.2f (above 1: isthmus faster)", theirsMeta[0] / oursMeta[0]);

                // where a single request's time goes: token check and one query (an unknown study, 404, not audited)
                // against token check, two queries, the audit record's transaction and a small body
                String instanceMetadata = seriesPath + "/instances/" + sops.get(count / 2) + "/metadata";
                double[] unknown = latencies(ours + "/studies/" + Uids.create(), token, 200, 404);
                double[] oursSmall = latencies(ours + instanceMetadata, token, 200, 200);
                double[] theirsSmall = latencies(theirs + instanceMetadata, null, 200, 200);
                line("");
                line("per-request cost (200 samples, ms)");
                line("  isthmus unknown study (token, 1 query, 404) : median %5.2f  p90 %5.2f", unknown[0], unknown[1]);
                line(
                        "  isthmus instance metadata (+ audit record)   : median %5.2f  p90 %5.2f",
                        oursSmall[0], oursSmall[1]);
                line(
                        "  orthanc instance metadata                    : median %5.2f  p90 %5.2f",
                        theirsSmall[0], theirsSmall[1]);
            } finally {
                lock.close();
            }
        }
        Path out = Path.of("target", "bench-wado.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** MB/s and instances/s of fetching every instance, one after another. */
    private double[] retrieve(String seriesUrl, List<String> sops, @Nullable String token, int rounds)
            throws IOException, InterruptedException {
        long bytes = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (String sop : sops) {
                bytes += fetch(seriesUrl + "/instances/" + sop, DICOM, token);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {bytes / 1e6 / seconds, rounds * sops.size() / seconds};
    }

    /** MB/s and milliseconds per request of fetching the whole series in one multipart response. */
    private double[] retrieveWhole(String seriesUrl, @Nullable String token, int rounds)
            throws IOException, InterruptedException {
        long bytes = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            bytes += fetch(seriesUrl, DICOM, token);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {bytes / 1e6 / seconds, seconds * 1000 / rounds};
    }

    /** Median, 90th percentile and minimum in milliseconds. */
    private double[] latencies(String url, @Nullable String token, int samples)
            throws IOException, InterruptedException {
        return latencies(url, token, samples, 200);
    }

    private double[] latencies(String url, @Nullable String token, int samples, int status)
            throws IOException, InterruptedException {
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            fetch(url, "application/dicom+json", token, status);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new double[] {millis[samples / 2], millis[(int) Math.ceil(samples * 0.9) - 1], millis[0]};
    }

    private long fetch(String url, String accept, @Nullable String token) throws IOException, InterruptedException {
        return fetch(url, accept, token, 200);
    }

    private long fetch(String url, String accept, @Nullable String token, int status)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream body = response.body()) {
            bytes = body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (response.statusCode() != status) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return bytes;
    }

    private void line(String format, Object... arguments) {
        String text = String.format(Locale.ROOT, format, arguments);
        report.append(text).append('\n');
        log.info("{}", text);
    }
}
