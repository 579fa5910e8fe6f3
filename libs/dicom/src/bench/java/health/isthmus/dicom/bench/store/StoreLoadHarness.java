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
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sends the same N synthetic CT instances (512 x 512, 16 bit, about 525 KB) with DCMTK storescu over K concurrent
 * associations, into our SCP (writing each file, then again fsyncing each file) and into DCMTK storescp (writing
 * files, one process per association with --fork), and prints instances/s, MB/s and our/their ratio. The same
 * client for both servers, so the ratio compares servers. Figures only; nothing passes or fails.
 *
 * <p>Arguments: {@code [instances=300] [associations=1,2] [work directory=target/bench-store]}.
 */
public final class StoreLoadHarness {

    private static final PrintStream out = System.out;

    private record Run(String server, int associations, int instances, long bytes, double seconds) {
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

        List<Run> runs = new ArrayList<>();
        // a warm-up of our server's JVM, so the first measured run does not pay for class loading and JIT
        runOurs(files.subList(0, Math.min(40, files.size())), 1, work, false, bytes);
        for (int associations : associationCounts) {
            runs.add(runOurs(files, associations, work, false, bytes));
            runs.add(runStorescp(files, associations, work, bytes));
            runs.add(runOurs(files, associations, work, true, bytes));
        }
        out.println();
        out.println("server               assoc  instances/s    MB/s   ours/storescp");
        for (int associations : associationCounts) {
            Run theirs = find(runs, "dcmtk storescp", associations);
            for (Run run : runs) {
                if (run.associations() == associations) {
                    out.printf(
                            Locale.ROOT,
                            "%-20s %5d %12.0f %8.1f %10.2f%n",
                            run.server(),
                            associations,
                            run.perSecond(),
                            run.megabytesPerSecond(),
                            run.perSecond() / theirs.perSecond());
                }
            }
        }
    }

    private static Run find(List<Run> runs, String server, int associations) {
        return runs.stream()
                .filter(run -> run.server().equals(server) && run.associations() == associations)
                .findFirst()
                .orElseThrow();
    }

    private static Run runOurs(List<Path> files, int associations, Path work, boolean fsync, long bytes)
            throws Exception {
        Path received = fresh(work.resolve("ours"));
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
                .settings(UpperLayerSettings.defaults().withMaxPduLength(Integer.getInteger("bench.pdu", 16384)))
                .maxAssociations(associations + 4)
                .start()) {
            double seconds = send(files, associations, server.port(), "ISTHMUS_PACS", work);
            expectFiles(received, files.size());
            return new Run(fsync ? "isthmus (fsync)" : "isthmus", associations, files.size(), bytes, seconds);
        }
    }

    private static Run runStorescp(List<Path> files, int associations, Path work, long bytes) throws Exception {
        Path received = fresh(work.resolve("storescp"));
        int port = Dcmtk.freePort();
        Process storescp = Dcmtk.start(
                work.resolve("storescp.log"),
                "storescp",
                "--fork",
                "-aet",
                "STORESCP",
                "-od",
                received.toString(),
                Integer.toString(port));
        try {
            Dcmtk.awaitPort(port, Duration.ofSeconds(10));
            double seconds = send(files, associations, port, "STORESCP", work);
            expectFiles(received, files.size());
            return new Run("dcmtk storescp", associations, files.size(), bytes, seconds);
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

    private static void expectFiles(Path dir, int expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long count = files.count();
            if (count != expected) {
                throw new IOException(dir + " holds " + count + " files, expected " + expected);
            }
        }
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
