package health.isthmus.dicom.bench.store;

import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseDispatcher;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.dicom.net.UpperLayerSettings;
import health.isthmus.dicom.testing.Dcmtk;
import health.isthmus.dicom.testing.PartTenFiles;
import health.isthmus.dicom.testing.SyntheticImages;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * Sends the same N synthetic CT instances (512 x 512, 16 bit, about 525 KB) with DCMTK storescu over K concurrent
 * associations, into our SCP (writing each file, then again fsyncing each file) and into DCMTK storescp (writing
 * files, one process per association with --fork), and prints instances/s, MB/s and our/their ratio. The same
 * client for both servers, so the ratio compares servers. Each configuration runs an unmeasured warm-up round
 * before its measured one, and every round starts after {@code sync}, with the page cache clean. Both servers
 * announce the same maximum PDU length. Besides throughput it prints the CPU time each server spent per instance
 * (our whole JVM; storescp and its forked children), the steadier figure on a shared machine. Figures only;
 * nothing passes or fails.
 *
 * <p>Each association count is measured {@code -Dbench.rounds} times (3 unless given), the three configurations
 * taking turns in each round, and the medians follow the rounds' figures: on a shared machine one round alone can
 * put the ratio anywhere within a factor of two.
 *
 * <p>Arguments: {@code [instances=300] [associations=1,2] [work directory=target/bench-store]}. With
 * {@code -Dbench.ours-only=true} only our server runs (no fsync), to profile it without DCMTK in the samples;
 * {@code -Dbench.ours-only=fsync} the same with fsync.
 */
public final class StoreLoadHarness {

    private static final PrintStream out = System.out;

    /** The maximum PDU length both servers announce (-Dbench.pdu, default 16384 as storescp's). */
    private static final int MAX_PDU = Integer.getInteger("bench.pdu", 16384);

    /** Unmeasured rounds before each measured one (-Dbench.warm-up-rounds). */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 2);

    /**
     * How many times each association count is measured (-Dbench.rounds, default 3), the three configurations taking
     * turns within a round; the medians are printed besides each round's figures.
     */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    /**
     * One measured round; {@code cpuNanos} is the server's CPU time (for ours: this JVM, all its threads).
     *
     * @param round which of the {@link #ROUNDS} this run belongs to, counted from 1
     */
    private record Run(
            String server, int associations, int round, int instances, long bytes, double seconds, long cpuNanos) {
        double perSecond() {
            return instances / seconds;
        }

        double megabytesPerSecond() {
            return bytes / seconds / 1_000_000.0;
        }
    }

    private StoreLoadHarness() {}

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        List<Integer> associationCounts = new ArrayList<>();
        for (String count : (args.length > 1 ? args[1] : "1,2").split(",")) {
            associationCounts.add(Integer.parseInt(count.strip()));
        }
        Path work = Path.of(args.length > 2 ? args[2] : "target/bench-store").toAbsolutePath();
        Path sources = Files.createDirectories(work.resolve("sources"));
        delete(work.resolve("received"));
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (int i = 1; i <= instances; i++) {
            Path file = sources.resolve("ct-" + i + ".dcm");
            if (!Files.exists(file)) {
                SyntheticImages.writeCt(file, i, 512, 512);
            }
            files.add(file);
            bytes += Files.size(file);
        }
        out.printf(
                Locale.ROOT,
                "%d instances, %.1f MB, average %.0f KB%n",
                instances,
                bytes / 1e6,
                bytes / 1e3 / instances);

        // -Dbench.ours-only=true: only our server without fsync, =fsync: only with fsync, for a profiler on this JVM
        String oursOnly = System.getProperty("bench.ours-only", "false");
        boolean ourOnly = !oursOnly.equals("false");
        boolean oursFsync = oursOnly.equals("fsync");
        List<Run> runs = new ArrayList<>();
        try {
            for (int associations : associationCounts) {
                // the host's speed drifts within minutes: the configurations take turns, ROUNDS times, and the
                // medians are compared, so that a slow moment weighs on all of them alike
                for (int round = 1; round <= ROUNDS; round++) {
                    // every configuration gets the same unmeasured warm-up rounds first (for our JVM: class loading
                    // and JIT, which keeps compiling through the second round of 300; for storescp: its binaries
                    // and libraries in the page cache), then the measured round
                    for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                        runOurs(files, associations, round, work, oursFsync, bytes);
                    }
                    runs.add(runOurs(files, associations, round, work, oursFsync, bytes));
                    if (!ourOnly) {
                        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                            runStorescp(files, associations, round, work, bytes);
                        }
                        runs.add(runStorescp(files, associations, round, work, bytes));
                        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                            runOurs(files, associations, round, work, true, bytes);
                        }
                        runs.add(runOurs(files, associations, round, work, true, bytes));
                    }
                }
            }
        } finally {
            delete(work.resolve("received"));
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "load average %.2f (%d processors)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        out.printf(
                Locale.ROOT, "%d warm-up round(s) before each measured round, max PDU %d%n", WARM_UP_ROUNDS, MAX_PDU);
        out.println("server               assoc round  instances/s    MB/s  ours/storescp  server CPU ms/instance");
        for (Run run : runs) {
            Run theirs = ourOnly ? null : find(runs, "dcmtk storescp", run.associations(), run.round());
            out.printf(
                    Locale.ROOT,
                    "%-20s %5d %5d %12.0f %8.1f %14s %24s%n",
                    run.server(),
                    run.associations(),
                    run.round(),
                    run.perSecond(),
                    run.megabytesPerSecond(),
                    theirs == null ? "" : String.format(Locale.ROOT, "%.2f", run.perSecond() / theirs.perSecond()),
                    run.cpuNanos() < 0
                            ? ""
                            : String.format(Locale.ROOT, "%.2f", run.cpuNanos() / 1e6 / run.instances()));
        }
        out.println();
        out.printf(Locale.ROOT, "medians of %d round(s); ours/storescp is the median of the rounds' ratios%n", ROUNDS);
        out.println("server               assoc  instances/s  ours/storescp  server CPU ms/instance");
        List<String> servers = runs.stream().map(Run::server).distinct().toList();
        for (int associations : associationCounts) {
            for (String server : servers) {
                List<Run> mine = runs.stream()
                        .filter(run -> run.server().equals(server) && run.associations() == associations)
                        .toList();
                out.printf(
                        Locale.ROOT,
                        "%-20s %5d %12.0f %14s %24s%n",
                        server,
                        associations,
                        median(mine.stream().mapToDouble(Run::perSecond)),
                        ourOnly
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.2f",
                                        median(mine.stream()
                                                .mapToDouble(run -> run.perSecond()
                                                        / find(runs, "dcmtk storescp", associations, run.round())
                                                                .perSecond()))),
                        mine.stream().anyMatch(run -> run.cpuNanos() < 0)
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.2f",
                                        median(mine.stream()
                                                .mapToDouble(run -> run.cpuNanos() / 1e6 / run.instances()))));
            }
        }
    }

    private static Run find(List<Run> runs, String server, int associations, int round) {
        return runs.stream()
                .filter(run ->
                        run.server().equals(server) && run.associations() == associations && run.round() == round)
                .findFirst()
                .orElseThrow();
    }

    private static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static Run runOurs(List<Path> files, int associations, int round, Path work, boolean fsync, long bytes)
            throws Exception {
        Path received = roundDirectory(work, "ours");
        AssociationPolicy policy = AssociationPolicy.builder("ISTHMUS_PACS")
                .offer(TransferCapability.scp(
                        Uid.CTImageStorage, List.of(Uid.ExplicitVRLittleEndian, Uid.ImplicitVRLittleEndian)))
                .build();
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .store((request, dataSet) -> {
                    PartTenFiles.write(
                            received.resolve(request.sopInstanceUid() + ".dcm"),
                            request.sopClassUid(),
                            request.sopInstanceUid(),
                            request.transferSyntax(),
                            request.callingAeTitle(),
                            dataSet,
                            fsync);
                    return DimseStatus.SUCCESS;
                })
                .build();
        try (DicomServer server = DicomServer.builder(policy, dispatcher)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .settings(UpperLayerSettings.defaults().withMaxPduLength(MAX_PDU))
                .maxAssociations(associations + 4)
                .start()) {
            settle();
            long cpu = cpuNanos();
            double seconds = send(files, associations, server.port(), "ISTHMUS_PACS", work);
            cpu = cpuNanos() - cpu;
            expectFiles(received, files.size());
            return new Run(
                    fsync ? "isthmus (fsync)" : "isthmus", associations, round, files.size(), bytes, seconds, cpu);
        }
    }

    private static Run runStorescp(List<Path> files, int associations, int round, Path work, long bytes)
            throws Exception {
        Path received = roundDirectory(work, "storescp");
        int port = LoopbackPorts.free();
        Process storescp = Dcmtk.start(
                work.resolve("storescp.log"),
                "storescp",
                "--fork",
                "--max-pdu",
                Integer.toString(MAX_PDU),
                "-aet",
                "STORESCP",
                "-od",
                received.toString(),
                Integer.toString(port));
        try {
            Dcmtk.awaitPort(port, Duration.ofSeconds(10));
            settle();
            long cpu = processTreeCpuNanos(storescp.pid());
            double seconds = send(files, associations, port, "STORESCP", work);
            cpu = processTreeCpuNanos(storescp.pid()) - cpu;
            expectFiles(received, files.size());
            return new Run("dcmtk storescp", associations, round, files.size(), bytes, seconds, cpu);
        } finally {
            Dcmtk.stop(storescp);
        }
    }

    /** K storescu processes, each sending its share of the files over one association; seconds until all end. */
    private static double send(List<Path> files, int associations, int port, String calledAeTitle, Path work)
            throws Exception {
        List<Process> senders = new ArrayList<>();
        long started = System.nanoTime();
        for (int k = 0; k < associations; k++) {
            List<String> command = new ArrayList<>(
                    List.of("storescu", "-aet", "BENCH", "-aec", calledAeTitle, "127.0.0.1", Integer.toString(port)));
            for (int i = k; i < files.size(); i += associations) {
                command.add(files.get(i).toString());
            }
            senders.add(Dcmtk.start(work.resolve("storescu-" + k + ".log"), command.toArray(String[]::new)));
        }
        for (Process sender : senders) {
            if (!sender.waitFor(10, TimeUnit.MINUTES) || sender.exitValue() != 0) {
                for (Process each : senders) {
                    Dcmtk.stop(each);
                }
                throw new IOException("storescu failed; see " + work);
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Writes back what earlier rounds left dirty in the page cache, so that no round pays for the writeback of
     * another, and gives the servers' threads a moment to idle.
     */
    private static void settle() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (!sync.waitFor(2, TimeUnit.MINUTES) || sync.exitValue() != 0) {
            throw new IOException("sync failed");
        }
        Thread.sleep(200);
    }

    /**
     * CPU time of a process and its children, from /proc (clock ticks of 10 ms): its own, that of the children it
     * has reaped, and that of children still running or not yet reaped (storescp --fork reaps a child only when
     * the next association arrives). -1 where /proc cannot tell.
     */
    private static long processTreeCpuNanos(long pid) {
        try {
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.toList()) {
                    String name = process.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] fields;
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    } catch (IOException gone) {
                        continue;
                    }
                    // fields after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime
                    if (Long.parseLong(name) == pid) {
                        ticks += Long.parseLong(fields[11])
                                + Long.parseLong(fields[12])
                                + Long.parseLong(fields[13])
                                + Long.parseLong(fields[14]);
                    } else if (Long.parseLong(fields[1]) == pid) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            }
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException unavailable) {
            return -1;
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void expectFiles(Path dir, int expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long count = files.count();
            if (count != expected) {
                throw new IOException(dir + " holds " + count + " files, expected " + expected);
            }
        }
    }

    private static int directoryCounter;

    /**
     * A new directory under {@code received/} for each round. Nothing is deleted between rounds: ext4 does not
     * reuse an inode for a minute after its file was deleted, so creating files right after deleting hundreds
     * makes every create scan past them (seen as {@code recently_deleted} in kernel profiles), a cost that would
     * land on whichever server runs next.
     */
    private static Path roundDirectory(Path work, String server) throws IOException {
        return Files.createDirectories(
                work.resolve("received").resolve(String.format("%02d-%s", ++directoryCounter, server)));
    }

    /** Deletes a directory tree (the received files, once all rounds are done). */
    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
