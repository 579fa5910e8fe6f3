package health.isthmus.dicomweb.bench;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.json.DicomJsonWriter;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * QIDO-RS study search, the running service (real PostgreSQL, JWT validation, audit through the outbox to Kafka)
 * against Orthanc 1.10 with its DICOMweb plugin holding the same studies, in the same run. Each study has one series of
 * one CT instance; five studies per patient; study dates spread over 1,000 days.
 *
 * <p>Loading: Isthmus takes the first {@code bench.files} studies through the ingest path (real files, blob store,
 * index, events) and the rest by batch inserts into its index tables; Orthanc takes {@code bench.orthanc-studies}
 * files through its REST API ({@code POST /instances}, 4 at a time, {@code SyncStorageArea} off while loading so
 * that 5,000 uploads take minutes, not tens of minutes; queries do not write). When Isthmus holds more studies than
 * Orthanc, the figures compare archives of different sizes and say so.
 *
 * <p>Three queries: by PatientID (5 matches), by a 7-day StudyDate range, and {@code limit=100} without criteria.
 * Per query and server: sequential requests for p50/p99 latency (one client), then 4 concurrent clients for
 * requests/s. Run through {@code dicomweb-service/bench-qido.sh}; figures go to stdout and {@code
 * target/bench-qido.txt}. Settings: {@code -Dbench.studies=5000}, {@code -Dbench.orthanc-studies=5000}, {@code
 * -Dbench.files=100}, {@code -Dbench.samples=300}, {@code -Dbench.warmup=2000} (uncounted requests of each query to
 * ours first).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/qido-bench-${random.uuid}",
            "isthmus.dicomweb.qido.max-limit=1000",
            "logging.level.root=WARN"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class QidoSearchBenchmark {

    static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    static final int DAYS = 1000;
    static final int STUDIES_PER_PATIENT = 5;
    static final int CLIENTS = 4;

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @Autowired
    JdbcTemplate jdbc;

    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(CLIENTS))
            .build();
    private final String root = Uids.create();

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS) // 50,000 studies into Orthanc outlast the suite's default of 10 minutes
    void measure() throws Exception {
        int studies = Integer.getInteger("bench.studies", 5000);
        String orthancProperty = System.getProperty("bench.orthanc-studies", "");
        int orthancStudies = orthancProperty.isBlank() ? Math.min(studies, 5000) : Integer.parseInt(orthancProperty);
        int files = Math.min(studies, Integer.getInteger("bench.files", 100));
        int samples = Integer.getInteger("bench.samples", 300);
        int warmUp = Integer.getInteger("bench.warmup", 2000);
        Path work = Path.of("target", "bench-qido").toAbsolutePath();
        Files.createDirectories(work);
        print("QIDO-RS study search: dicomweb-service against Orthanc " + orthancVersion() + " + DICOMweb");
        print("cores " + Runtime.getRuntime().availableProcessors() + ", JDK " + Runtime.version());
        if (!OrthancPeer.installed()) {
            print("Orthanc is not installed: nothing to compare with");
            return;
        }
        try (OrthancPeer orthanc =
                OrthancPeer.start(work, OrthancPeer.Options.defaults().setting("SyncStorageArea", false))) {
            long loadStart = System.nanoTime();
            loadIsthmus(studies, files);
            print(String.format(
                    Locale.ROOT,
                    "Isthmus: %,d studies (%,d through ingest, the rest inserted into the index) in %.0f s",
                    studies,
                    files,
                    (System.nanoTime() - loadStart) / 1e9));
            loadStart = System.nanoTime();
            loadOrthanc(orthanc, orthancStudies, work.resolve("files"));
            print(String.format(
                    Locale.ROOT,
                    "Orthanc: %,d studies uploaded through its REST API in %.0f s",
                    orthanc.instanceCount(),
                    (System.nanoTime() - loadStart) / 1e9));
            if (orthancStudies != studies) {
                print("!! the archives differ in size: Isthmus " + studies + ", Orthanc " + orthancStudies);
            }
            String ours = "http://127.0.0.1:" + port + "/dicomweb";
            String theirs = orthanc.dicomWebUrl();
            BenchmarkLock lock = BenchmarkLock.take();
            try {
                print("load average before: " + loadAverage());
                print(String.format(
                        Locale.ROOT,
                        "%-12s %7s | %9s %9s %8s | %9s %9s %8s | %7s %7s",
                        "query",
                        "matches",
                        "ours p50",
                        "ours p99",
                        "ours r/s",
                        "orth p50",
                        "orth p99",
                        "orth r/s",
                        "p50 x",
                        "r/s x"));
                for (Kind kind : Kind.values()) {
                    // a token per query kind: a whole run at 50,000 studies outlasts one token's lifetime
                    String token = TestIssuer.get().token("bench", "radiologist");
                    int patients = Math.max(1, Math.min(studies, orthancStudies) / STUDIES_PER_PATIENT);
                    IntFunction<String> queries =
                            i -> kind.query(new SplittableRandom(i * 31L + kind.ordinal()), patients);
                    // not counted: the JIT compiler settles on our side (Orthanc is native code)
                    run(ours, token, queries, warmUp);
                    run(theirs, null, queries, 20);
                    Series mine = run(ours, token, queries, samples);
                    Series other = run(theirs, null, queries, samples);
                    double mineRate = throughput(ours, token, queries, samples * 2);
                    double otherRate = throughput(theirs, null, queries, samples * 2);
                    print(String.format(
                            Locale.ROOT,
                            "%-12s %7d | %7.2fms %7.2fms %8.0f | %7.2fms %7.2fms %8.0f | %6.2fx %6.2fx",
                            kind.label,
                            mine.lastMatches(),
                            mine.percentile(50),
                            mine.percentile(99),
                            mineRate,
                            other.percentile(50),
                            other.percentile(99),
                            otherRate,
                            other.percentile(50) / mine.percentile(50),
                            mineRate / otherRate));
                    if (mine.lastMatches() != other.lastMatches()) {
                        print("  !! match counts differ for the same query: ours " + mine.lastMatches() + ", Orthanc "
                                + other.lastMatches());
                    }
                }
                print("(p50 x: Orthanc's p50 / ours, above 1 means Isthmus is faster; r/s x: ours / Orthanc's, "
                        + CLIENTS + " concurrent clients)");
                print("load average after: " + loadAverage());
            } finally {
                lock.close();
            }
        }
        Files.writeString(Path.of("target", "bench-qido.txt"), report.toString());
    }

    enum Kind {
        PATIENT_ID("PatientID") {
            @Override
            String query(SplittableRandom random, int patients) {
                return "/studies?PatientID=" + patientId(random.nextInt(patients));
            }
        },
        DATE_RANGE("StudyDate") {
            @Override
            String query(SplittableRandom random, int patients) {
                LocalDate from = FIRST_DAY.plusDays(random.nextInt(DAYS - 7));
                // limit=1000 on both: at 50,000 studies a week matches about 350, over Isthmus's default page of 100
                return "/studies?StudyDate=" + from.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                        + from.plusDays(6).format(DateTimeFormatter.BASIC_ISO_DATE) + "&limit=1000";
            }
        },
        LIMIT("limit=100") {
            @Override
            String query(SplittableRandom random, int patients) {
                return "/studies?limit=100";
            }
        };

        final String label;

        Kind(String label) {
            this.label = label;
        }

        abstract String query(SplittableRandom random, int patients);
    }

    static String patientId(int patient) {
        return String.format(Locale.ROOT, "BP%06d", patient);
    }

    /** Study {@code i}: the same data set for both archives. */
    private Attributes dataset(int i) {
        int patient = i / STUDIES_PER_PATIENT;
        String studyUid = root + "." + i;
        Study study =
                new Study(patientId(patient), "PATIENT" + patient + "^BENCH", studyUid, studyUid + ".1", "BA" + i);
        Attributes ds = TestInstances.ct(study, studyUid + ".1.1", 1, 4, i);
        LocalDate date = FIRST_DAY.plusDays((i * 7919L) % DAYS);
        ds.setString(Tag.StudyDate, VR.DA, date.format(DateTimeFormatter.BASIC_ISO_DATE));
        return ds;
    }

    private void loadIsthmus(int studies, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            var outcome = ingest.storeFile(
                    IngestSource.dimse("BENCH", "127.0.0.1"),
                    new ByteArrayInputStream(TestInstances.part10(dataset(i), Uid.ExplicitVRLittleEndian)));
            if (!outcome.stored()) {
                throw new IllegalStateException("not stored: " + outcome);
            }
        }
        DicomJsonWriter writer = new DicomJsonWriter();
        Timestamp now = Timestamp.from(Instant.now());
        int batch = 1000;
        for (int from = files; from < studies; from += batch) {
            List<Object[]> studyRows = new ArrayList<>();
            List<Attributes> sets = new ArrayList<>();
            for (int i = from; i < Math.min(studies, from + batch); i++) {
                Attributes ds = dataset(i);
                sets.add(ds);
                String name = ds.getString(Tag.PatientName);
                studyRows.add(new Object[] {
                    ds.getString(Tag.StudyInstanceUID),
                    ds.getString(Tag.PatientID),
                    name,
                    name.toUpperCase(Locale.ROOT),
                    ds.getString(Tag.PatientBirthDate),
                    ds.getString(Tag.PatientSex),
                    ds.getString(Tag.StudyDate),
                    ds.getString(Tag.StudyTime),
                    ds.getString(Tag.AccessionNumber),
                    ds.getString(Tag.StudyID),
                    ds.getString(Tag.StudyDescription),
                    ds.getString(Tag.ReferringPhysicianName),
                    now,
                    now,
                    now,
                    now
                });
            }
            jdbc.batchUpdate("""
                    insert into study (study_instance_uid, patient_id, patient_name, patient_name_search,
                        patient_birth_date, patient_sex, study_date, study_time, accession_number, study_id,
                        study_description, referring_physician_name, modalities_in_study, sop_classes_in_study,
                        number_of_series, number_of_instances, created_at, updated_at, last_instance_at,
                        stable_published_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{CT}', '{1.2.840.10008.5.1.4.1.1.2}', 1, 1, ?, ?, ?, ?)
                    """, studyRows);
            List<Object[]> seriesRows = new ArrayList<>();
            for (Attributes ds : sets) {
                seriesRows.add(
                        new Object[] {ds.getString(Tag.StudyInstanceUID), ds.getString(Tag.SeriesInstanceUID), now, now
                        });
            }
            jdbc.batchUpdate(
                    """
                    insert into series (study_pk, series_instance_uid, modality, series_number, number_of_instances,
                        created_at, updated_at)
                    select study_pk, ?, 'CT', 1, 1, ?, ? from study where study_instance_uid = ?
                    """,
                    seriesRows.stream()
                            .map(r -> new Object[] {r[1], r[2], r[3], r[0]})
                            .toList());
            List<Object[]> instanceRows = new ArrayList<>();
            for (Attributes ds : sets) {
                Attributes header = new Attributes(ds);
                header.remove(Tag.PixelData);
                instanceRows.add(new Object[] {
                    ds.getString(Tag.SOPInstanceUID), writer.toJson(header), now, ds.getString(Tag.SeriesInstanceUID)
                });
            }
            jdbc.batchUpdate("""
                    insert into instance (series_pk, study_pk, sop_instance_uid, sop_class_uid, instance_number,
                        transfer_syntax_uid, blob_key, sha256, dataset_sha256, size_bytes, rows, columns,
                        number_of_frames, metadata, received_via, received_from, received_at)
                    select se.series_pk, se.study_pk, ?, '1.2.840.10008.5.1.4.1.1.2', 1, '1.2.840.10008.1.2.1',
                        'bench', 'bench', 'bench', 0, 4, 4, null, ?, 'DIMSE', 'BENCH', ?
                      from series se where se.series_instance_uid = ?
                    """, instanceRows);
        }
        jdbc.execute("analyze");
    }

    private void loadOrthanc(OrthancPeer orthanc, int studies, Path directory) throws Exception {
        Files.createDirectories(directory);
        ExecutorService uploads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < studies; i++) {
                int study = i;
                pending.add(uploads.submit(() -> {
                    Path file = TestInstances.write(
                            directory.resolve(study + ".dcm"), dataset(study), Uid.ExplicitVRLittleEndian);
                    orthanc.uploadFile(file);
                    Files.delete(file);
                    return null;
                }));
            }
            for (Future<?> upload : pending) {
                upload.get();
            }
        } finally {
            uploads.shutdown();
        }
    }

    record Series(double[] millis, int lastMatches) {
        double percentile(int p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    /** Sends the queries one after the other; latency from send to the whole body read. */
    private Series run(String base, @Nullable String token, IntFunction<String> queries, int count) throws Exception {
        double[] millis = new double[count];
        int matches = 0;
        for (int i = 0; i < count; i++) {
            HttpRequest request = request(base, token, queries.apply(i));
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            matches = JSON.readTree(response.body()).size();
        }
        return new Series(millis, matches);
    }

    /** Requests per second with {@link #CLIENTS} clients sending {@code count} queries in all. */
    private double throughput(String base, @Nullable String token, IntFunction<String> queries, int count)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpResponse<String> response =
                                http.send(request(base, token, queries.apply(i)), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("answered " + response.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdown();
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static HttpRequest request(String base, @Nullable String token, String query) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + query)).header("Accept", "application/dicom+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static String orthancVersion() {
        try {
            Process process = new ProcessBuilder(OrthancPeer.DEFAULT_BINARY.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("?");
            process.waitFor();
            return first.strip();
        } catch (IOException | InterruptedException e) {
            return "(version unknown)";
        }
    }

    private void print(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }
}
