package health.isthmus.worklist.bench;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseClient;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.process.BenchmarkLock;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.worklist.dicom.DicomListener;
import health.isthmus.worklist.mwl.WorklistItems;
import health.isthmus.worklist.mwl.WorklistPrefilter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * C-FIND latency of the Modality Worklist, the running service (real PostgreSQL, audit through the outbox to Kafka)
 * against DCMTK's wlmscpfs serving the same items from .wl files, in the same run. Each sample is what a modality
 * does: open an association, one C-FIND, release; measured from connect to the release's answer by our SCU for both
 * servers. Three queries: narrow (one patient's id), station-day (modality and one day), broad (every step of a
 * week). Run through {@code worklist-service/bench-mwl.sh}; figures go to stdout and
 * {@code target/bench-mwl.txt}. Settings: {@code -Dbench.sizes=5000,50000}, {@code -Dbench.samples=200},
 * {@code -Dbench.dcmtk-samples=30}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"isthmus.worklist.dicom.port=0", "isthmus.worklist.mwl.result-limit=1000000"})
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class MwlFindLatencyBenchmark {

    static final LocalDate FIRST_DAY = LocalDate.of(2026, 12, 1);
    static final int DAYS = 100;
    static final String[] MODALITIES = {"CT", "MR", "US", "CR", "NM"};

    @Autowired
    DicomListener listener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorklistItems items;

    private final StringBuilder report = new StringBuilder();

    @Test
    void measure() throws Exception {
        int[] sizes = Arrays.stream(
                        System.getProperty("bench.sizes", "5000,50000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int samples = Integer.getInteger("bench.samples", 200);
        int dcmtkSamples = Integer.getInteger("bench.dcmtk-samples", 30);
        Path work = Path.of("target", "bench-mwl").toAbsolutePath();
        print(
                "MWL C-FIND latency, association + C-FIND + release per sample, our SCU as the modality for both servers");
        print("cores " + Runtime.getRuntime().availableProcessors() + ", JDK " + Runtime.version() + ", "
                + version("wlmscpfs", "--version"));
        for (int size : sizes) {
            load(size);
            Path files = writeWorklistFiles(work.resolve(Integer.toString(size)));
            int dcmtkPort = freePort();
            Process wlmscpfs = startWlmscpfs(files, dcmtkPort);
            BenchmarkLock lock = BenchmarkLock.take();
            try {
                print("");
                print(String.format(Locale.ROOT, "%,d scheduled steps; load average before: %s", size, loadAverage()));
                print(String.format(
                        Locale.ROOT,
                        "%-12s %8s | %10s %10s | %10s %10s %6s | %8s",
                        "query",
                        "matches",
                        "ours p50",
                        "ours p99",
                        "dcmtk p50",
                        "dcmtk p99",
                        "n",
                        "ratio"));
                for (Kind kind : Kind.values()) {
                    SplittableRandom random = new SplittableRandom(size + kind.ordinal());
                    IntFunction<Attributes> queries = i -> kind.query(random, size);
                    // warm-up: the JIT compiler and PostgreSQL's caches on our side, the page cache on both
                    run(listener.port(), queries, Math.min(samples, 50));
                    run(dcmtkPort, queries, 2);
                    Series ours = run(listener.port(), queries, kind == Kind.BROAD ? samples / 4 : samples);
                    Series dcmtk = run(dcmtkPort, queries, dcmtkSamples);
                    print(String.format(
                            Locale.ROOT,
                            "%-12s %8d | %8.2fms %8.2fms | %8.2fms %8.2fms %6d | %7.1fx",
                            kind.label,
                            ours.matches(),
                            ours.percentile(50),
                            ours.percentile(99),
                            dcmtk.percentile(50),
                            dcmtk.percentile(99),
                            dcmtk.millis().length,
                            dcmtk.percentile(50) / ours.percentile(50)));
                    if (ours.matches() != dcmtk.matches()) {
                        print("  !! match counts differ for the same query: ours " + ours.matches() + ", dcmtk "
                                + dcmtk.matches());
                    }
                }
                print("load average after: " + loadAverage());
            } finally {
                lock.close();
                wlmscpfs.destroy();
                wlmscpfs.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.writeString(Path.of("target", "bench-mwl.txt"), report.toString());
    }

    enum Kind {
        NARROW("narrow") {
            @Override
            Attributes query(SplittableRandom random, int size) {
                Attributes query = keys();
                query.setString(Tag.PatientID, VR.LO, "MRN" + (1 + random.nextInt(size)));
                return query;
            }
        },
        STATION_DAY("station-day") {
            @Override
            Attributes query(SplittableRandom random, int size) {
                Attributes query = keys();
                Attributes step = query.getNestedDataset(Tag.ScheduledProcedureStepSequence);
                step.setString(Tag.Modality, VR.CS, MODALITIES[random.nextInt(MODALITIES.length)]);
                step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, day(random.nextInt(DAYS)));
                return query;
            }
        },
        BROAD("broad (week)") {
            @Override
            Attributes query(SplittableRandom random, int size) {
                Attributes query = keys();
                int first = random.nextInt(DAYS - 7);
                query.getNestedDataset(Tag.ScheduledProcedureStepSequence)
                        .setString(Tag.ScheduledProcedureStepStartDate, VR.DA, day(first) + "-" + day(first + 6));
                return query;
            }
        };

        final String label;

        Kind(String label) {
            this.label = label;
        }

        abstract Attributes query(SplittableRandom random, int size);

        static String day(int offset) {
            return FIRST_DAY.plusDays(offset).toString().replace("-", "");
        }

        /** The return keys a CT console typically asks for. */
        static Attributes keys() {
            Attributes query = new Attributes();
            query.setNull(Tag.AccessionNumber, VR.SH);
            query.setNull(Tag.PatientName, VR.PN);
            query.setNull(Tag.PatientID, VR.LO);
            query.setNull(Tag.PatientBirthDate, VR.DA);
            query.setNull(Tag.PatientSex, VR.CS);
            query.setNull(Tag.StudyInstanceUID, VR.UI);
            query.setNull(Tag.RequestedProcedureDescription, VR.LO);
            query.setNull(Tag.RequestedProcedureID, VR.SH);
            Attributes step =
                    query.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
            step.setNull(Tag.Modality, VR.CS);
            step.setNull(Tag.ScheduledStationAETitle, VR.AE);
            step.setNull(Tag.ScheduledProcedureStepStartDate, VR.DA);
            step.setNull(Tag.ScheduledProcedureStepStartTime, VR.TM);
            step.setNull(Tag.ScheduledProcedureStepDescription, VR.LO);
            step.setNull(Tag.ScheduledProcedureStepID, VR.SH);
            return query;
        }
    }

    record Series(double[] millis, int matches) {
        double percentile(int p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    /** Runs the queries one after the other, each on an association of its own; the last query's match count. */
    private Series run(int port, IntFunction<Attributes> queries, int count) throws IOException {
        double[] millis = new double[count];
        AtomicInteger matches = new AtomicInteger();
        DicomClient client = new DicomClient(UpperLayerSettings.defaults(), null);
        for (int i = 0; i < count; i++) {
            Attributes query = queries.apply(i);
            matches.set(0);
            long start = System.nanoTime();
            try (Association association = client.connect(
                    "127.0.0.1",
                    port,
                    AssociationProposal.builder("BENCH_CT", "ISTHMUS_MWL")
                            .propose(Uid.ModalityWorklistInformationModelFind, Uid.ExplicitVRLittleEndian)
                            .build())) {
                DimseStatus status = new DimseClient(association)
                        .find(Uid.ModalityWorklistInformationModelFind, query, match -> {
                            matches.incrementAndGet();
                            return true;
                        });
                association.release();
                if (status.code() != Status.SUCCESS) {
                    throw new IllegalStateException("C-FIND ended with " + status);
                }
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return new Series(millis, matches.get());
    }

    /** Steps spread over 100 days, five modalities with two stations each; patient MRN&lt;n&gt; has step n. */
    private void load(int size) {
        jdbc.sql("delete from procedure_step_history").update();
        jdbc.sql("delete from performed_procedure_step").update();
        jdbc.sql("delete from scheduled_procedure_step").update();
        jdbc.sql("insert into scheduled_procedure_step (site, accession_number, requested_procedure_id,"
                        + " requested_procedure_description, requested_procedure_codes, scheduled_procedure_step_id,"
                        + " scheduled_procedure_step_description, scheduled_protocol_codes, modality,"
                        + " scheduled_station_ae_title, scheduled_station_name, scheduled_start_date, scheduled_start_time, scheduled_start,"
                        + " performing_physician, priority, patient_id, issuer_of_patient_id, patient_name,"
                        + " patient_birth_date, patient_sex, study_instance_uid, created_at, updated_at)"
                        + " select 'GENHOSP', 'ACC' || n, 'RP' || n, 'SYNTHETIC PROCEDURE ' || (n % 40),"
                        + " ('[{\"code\": \"P' || (n % 40) || '\", \"meaning\": \"Procedure ' || (n % 40) || '\","
                        + " \"scheme\": \"L\"}]')::jsonb, 'SPS' || n, 'SYNTHETIC STEP',"
                        + " '[{\"code\": \"PR1\", \"meaning\": \"Protocol 1\", \"scheme\": \"L\"}]', m.modality,"
                        + " m.modality || '0' || (1 + (n / 5) % 2), m.modality || ' room', d.day,"
                        + " time '07:00' + (n % 48) * interval '15 minutes', d.day + time '07:00',"
                        + " 'PHYSICIAN^' || (n % 20), 'R', 'MRN' || n, 'GENHOSP',"
                        + " 'SYNTHETIC' || (n % 997) || '^PATIENT' || n, date '1950-01-01' + (n % 20000),"
                        + " case when n % 2 = 0 then 'F' else 'M' end, '2.25.4711' || n, now(), now()"
                        + " from generate_series(1, ?) as n,"
                        + " lateral (select (array['CT','MR','US','CR','NM'])[1 + n % 5] as modality) m,"
                        + " lateral (select date '2026-12-01' + (n / 5) % 100 as day) d")
                .param(size)
                .update();
        jdbc.sql("analyze scheduled_procedure_step").update();
    }

    /** The same items, as the service's own reader builds them, as .wl files in the AE title's folder. */
    private Path writeWorklistFiles(Path root) throws IOException {
        Path dir = root.resolve("ISTHMUS_MWL");
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        Files.createFile(dir.resolve("lockfile"));
        AtomicInteger written = new AtomicInteger();
        List<IOException> failures = new ArrayList<>();
        items.forEach(WorklistPrefilter.of(new Attributes(), List.of("SCHEDULED"), null), item -> {
            try {
                Part10Writer.write(
                        dir.resolve("item" + item.stepId() + ".wl"),
                        FileMetaInformation.create(
                                Uid.ModalityWorklistInformationModelFind, Uids.create(), Uid.ExplicitVRLittleEndian),
                        item.attributes());
                written.incrementAndGet();
                return true;
            } catch (IOException e) {
                failures.add(e);
                return false;
            }
        });
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        print(String.format(Locale.ROOT, "wrote %,d worklist files to %s", written.get(), dir));
        return root;
    }

    private static Process startWlmscpfs(Path files, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("wlmscpfs", "-dfp", files.toString(), Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(files.resolve("wlmscpfs.log").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        for (int i = 0; i < 100; i++) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("wlmscpfs did not start");
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static String version(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("?");
            process.waitFor();
            return first.strip();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void print(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }
}
