package health.isthmus.dicom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs DCMTK tools as peers, always with TCP_NODELAY=1, and never leaves a process behind. */
public final class Dcmtk {

    /** What a finished tool printed and how it exited. */
    public record Result(int exitCode, String output) {}

    private Dcmtk() {}

    /** Runs a tool to its end (or kills it after the timeout) and returns its exit code and output. */
    public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("dcmtk", ".log");
        Process process = start(log, command);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out: " + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    /** Starts a tool in the background; stop it with {@link #stop(Process)}. */
    public static Process start(Path log, String... command) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    /** Stops a tool started here, and waits for it. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Whether the tool is on the PATH. */
    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Waits until a TCP port accepts connections (a background peer is up). */
    public static void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("nothing listens on port " + port + " after " + timeout);
                }
                Thread.sleep(20);
            }
        }
    }

    /** The data set part of a {@code dcmdump +L} listing: comment lines and the meta group left out. */
    public static List<String> dataSetDump(Path file) throws IOException, InterruptedException {
        Result result = run(Duration.ofSeconds(30), "dcmdump", "+L", file.toString());
        if (result.exitCode() != 0) {
            throw new IOException("dcmdump failed on " + file + ": " + result.output());
        }
        List<String> lines = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("(0002,")) {
                continue;
            }
            lines.add(trimmed);
        }
        return lines;
    }
}
