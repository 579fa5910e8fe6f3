package health.isthmus.dicomweb.bench;

import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.testing.ArchiveProcess;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.orthanc.OrthancPeer;
import health.isthmus.testsupport.process.BenchmarkLock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * C-STORE ingest, Isthmus against Orthanc 1.10 in the same run, both forcing every file to disk (Isthmus: fsync of
 * file and directory before 0000; Orthanc: {@code SyncStorageArea}). DCMTK storescu sends for both, one process per
 * association, with {@code TCP_NODELAY=1}. Prints instances/s and MB/s for CT-sized (512x512x16 bit) and small
 * (64x64) instances on 1, 2 and 4 associations, and the ratio; then, with {@code -Dbench.flat=N}, Isthmus's rate per
 * block of 10,000 small instances from an empty archive to N. Not part of the test suite: run it with
 * {@code dicomweb-service/bench-cstore.sh}. Figures go to stdout and {@code target/bench-cstore.txt}.
 */
class CStoreIngestBenchmark {

    private static final int CT_INSTANCES = Integer.getInteger("bench.ct", 240);
    private static final int SMALL_INSTANCES = Integer.getInteger("bench.small", 1200);
    private static final int FLAT = Integer.getInteger("bench.flat", 0);
    private static final int FLAT_BLOCK = 10_000;
    private static final int WARM_UP_INSTANCES = Integer.getInteger("bench.warm-up", 400);
    private static final Pattern PHASE_LINE = Pattern.compile(
            "isthmus_archive_ingest_seconds_(sum|count)\\{[^}]*phase=\"([a-z-]+)\"[^}]*} ([0-9.Ee+-]+)");

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS) // flat=100000 outlasts the suite's default of 10 minutes
    void cStoreIngestSideBySideWithOrthanc() throws Exception {
        Assumptions.assumeTrue(OrthancPeer.installed(), "Orthanc is not installed");
        Path work = Path.of("target", "bench-cstore").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        List<String> lines = new ArrayList<>();
        BenchmarkLock lock = BenchmarkLock.take();
        try (ArchiveProcess isthmus = ArchiveProcess.startForBenchmark(CStoreIngestBenchmark.class);
                OrthancPeer orthanc = OrthancPeer.start(work.resolve("orthanc"))) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%-6s %-6s %10s %10s %10s %10s %7s",
                    "size",
                    "assocs",
                    "isthmus/s",
                    "isthmus MB/s",
                    "orthanc/s",
                    "orthanc MB/s",
                    "ratio"));
            // not counted: both servers take the same instances first, so that the JIT compiler has settled on ours
            Path warmUp = generate(work.resolve("warm-up"), WARM_UP_INSTANCES, 512, 2);
            send(warmUp, 2, "ISTHMUS_PACS", isthmus.dicomPort());
            send(warmUp, 2, orthanc.aeTitle(), orthanc.dicomPort());
            deleteTree(warmUp);
            for (String size : List.of("CT", "small")) {
                for (int associations : List.of(1, 2, 4)) {
                    int count = size.equals("CT") ? CT_INSTANCES : SMALL_INSTANCES;
                    int pixels = size.equals("CT") ? 512 : 64;
                    Path files = generate(work.resolve(size + "-" + associations), count, pixels, associations);
                    long bytes = bytes(files);
                    Map<String, double[]> before = phases(isthmus.httpPort());
                    double isthmusSeconds = send(files, associations, "ISTHMUS_PACS", isthmus.dicomPort());
                    String breakdown = breakdown(before, phases(isthmus.httpPort()));
                    double orthancSeconds = send(files, associations, orthanc.aeTitle(), orthanc.dicomPort());
                    lines.add(String.format(
                            Locale.ROOT,
                            "%-6s %-6d %10.0f %10.1f %10.0f %10.1f %7.2f",
                            size,
                            associations,
                            count / isthmusSeconds,
                            bytes / 1e6 / isthmusSeconds,
                            count / orthancSeconds,
                            bytes / 1e6 / orthancSeconds,
                            orthancSeconds / isthmusSeconds));
                    print(lines.getLast());
                    lines.add("       isthmus per instance: " + breakdown);
                    print(lines.getLast());
                    deleteTree(files);
                }
            }
            if (FLAT > 0) {
                lines.add("");
                lines.add("Isthmus, small instances on 2 associations, per block of " + FLAT_BLOCK + ":");
                for (int loaded = 0; loaded < FLAT; loaded += FLAT_BLOCK) {
                    Path files = generate(work.resolve("flat"), FLAT_BLOCK, 64, 2);
                    double seconds = send(files, 2, "ISTHMUS_PACS", isthmus.dicomPort());
                    lines.add(String.format(
                            Locale.ROOT,
                            "  %7d -> %7d instances: %6.0f instances/s",
                            loaded,
                            loaded + FLAT_BLOCK,
                            FLAT_BLOCK / seconds));
                    print(lines.getLast());
                    deleteTree(files);
                }
            }
        } finally {
            lock.close();
        }
        Files.write(Path.of("target", "bench-cstore.txt"), lines, StandardCharsets.UTF_8);
    }

    /** Files for {@code count} instances of one study, spread over one directory per association. */
    private static Path generate(Path directory, int count, int pixels, int associations) throws IOException {
        Study study = Study.of("BENCH-" + Uids.create().substring(20), "BENCH^CSTORE", "BENCH");
        for (int i = 0; i < count; i++) {
            Path file = directory.resolve("a" + (i % associations)).resolve(i + ".dcm");
            TestInstances.write(
                    file, TestInstances.ct(study, Uids.create(), i + 1, pixels, i), Uid.ExplicitVRLittleEndian);
        }
        return directory;
    }

    /** Sends every file below {@code directory}, one storescu (one association) per subdirectory; wall seconds. */
    private static double send(Path directory, int associations, String calledAeTitle, int port)
            throws IOException, InterruptedException {
        List<Process> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < associations; a++) {
            ProcessBuilder storescu = new ProcessBuilder(
                            "storescu",
                            "-aec",
                            calledAeTitle,
                            "+sd",
                            "127.0.0.1",
                            Integer.toString(port),
                            directory.resolve("a" + a).toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory
                            .resolve("storescu-" + calledAeTitle + "-" + a + ".log")
                            .toFile());
            storescu.environment().put("TCP_NODELAY", "1");
            senders.add(storescu.start());
        }
        for (Process sender : senders) {
            if (!sender.waitFor(30, TimeUnit.MINUTES) || sender.exitValue() != 0) {
                throw new IllegalStateException("storescu to " + calledAeTitle + " failed, see " + directory);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int a = 0; a < associations; a++) {
            String log = Files.readString(directory.resolve("storescu-" + calledAeTitle + "-" + a + ".log"));
            if (log.contains("E:")) {
                throw new IllegalStateException("storescu to " + calledAeTitle + " reported errors:\n" + log);
            }
        }
        return seconds;
    }

    /** The ingest phase timers' sums (seconds) and counts, from the service's Prometheus endpoint. */
    private static Map<String, double[]> phases(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Map<String, double[]> phases = new TreeMap<>();
        Matcher line = PHASE_LINE.matcher(response.body());
        while (line.find()) {
            double[] sumAndCount = phases.computeIfAbsent(line.group(2), phase -> new double[2]);
            sumAndCount["sum".equals(line.group(1)) ? 0 : 1] = Double.parseDouble(line.group(3));
        }
        return phases;
    }

    /** Mean milliseconds per instance of each phase between two readings. */
    private static String breakdown(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, double[]> phase : after.entrySet()) {
            double[] earlier = before.getOrDefault(phase.getKey(), new double[2]);
            double count = phase.getValue()[1] - earlier[1];
            if (count > 0) {
                text.append(String.format(
                        Locale.ROOT,
                        "%s %.2f ms  ",
                        phase.getKey(),
                        (phase.getValue()[0] - earlier[0]) * 1000 / count));
            }
        }
        return text.toString().strip();
    }

    private static long bytes(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void print(String line) {
        PrintStream out = System.out;
        out.println(line);
        out.flush();
    }
}
