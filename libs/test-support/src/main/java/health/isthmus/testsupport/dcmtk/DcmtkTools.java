package health.isthmus.testsupport.dcmtk;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a DCMTK tool to its end and hands back its exit code and output, so that a test can use a reference
 * implementation as the other side of an association (a modality sending images, a workstation querying a worklist)
 * and report what the tool said when it fails.
 *
 * <p>Every tool runs with {@code TCP_NODELAY=1} in its environment: Debian's DCMTK leaves Nagle's algorithm on
 * otherwise, and each small PDU then waits up to 40 ms for a delayed ACK. A tool that overruns its time limit is
 * killed ({@code SIGKILL}) and reported as {@linkplain Result#timedOut() timed out}; none outlives the call.
 */
public final class DcmtkTools {

    /** Time limit of the convenience methods; DCMTK's own network timeouts are shorter. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What a finished (or killed) tool left behind.
     *
     * @param exitCode the tool's exit code; {@code -1} when it was killed for overrunning its time limit
     * @param output stdout and stderr as they were interleaved, decoded as UTF-8
     * @param timedOut whether the tool was killed for overrunning its time limit
     */
    public record Result(int exitCode, String output, boolean timedOut) {

        /** Exit code 0 within the time limit. DCMTK tools also exit 0 after some failures; check the output too. */
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** Lines DCMTK marks as errors or fatal ({@code "E: "}, {@code "F: "}). */
        public List<String> errors() {
            return output.lines()
                    .filter(line -> line.startsWith("E: ") || line.startsWith("F: "))
                    .toList();
        }
    }

    private DcmtkTools() {}

    /** Whether an executable of that name is on the {@code PATH}. */
    public static boolean available(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code tool arguments...} in the current directory and waits for it.
     *
     * @throws UncheckedIOException when the tool cannot be started (not installed) or its output cannot be read
     */
    public static Result run(Duration timeout, String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(arguments));
        return run(timeout, command);
    }

    /** Runs a command line whose first element is the tool, as {@link #run(Duration, String, String...)}. */
    public static Result run(Duration timeout, List<String> command) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("dcmtk-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
            builder.environment().put("TCP_NODELAY", "1");
            process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            return finished ? new Result(process.exitValue(), text, false) : new Result(-1, text, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** {@code echoscu -aec <calledAe> <host> <port>}: a C-ECHO (DICOM ping). */
    public static Result echo(String calledAe, String host, int port) {
        return run(DEFAULT_TIMEOUT, "echoscu", "-aec", calledAe, host, Integer.toString(port));
    }

    /**
     * {@code storescu -aec <calledAe> <host> <port> <files...>}: sends the files in one association, proposing each
     * file's own SOP class and transfer syntax.
     */
    public static Result store(String calledAe, String host, int port, List<Path> files) {
        List<String> command = new ArrayList<>(List.of("storescu", "-aec", calledAe, host, Integer.toString(port)));
        files.forEach(file -> command.add(file.toString()));
        return run(DEFAULT_TIMEOUT, command);
    }

    /**
     * {@code findscu -aec <calledAe> <options...> <host> <port>}: a C-FIND, for example with options {@code -S -k
     * 0008,0052=STUDY -k 0010,0020=P1 -k 0020,000D} (study root, query/retrieve level, keys) or {@code -W -k ...}
     * (modality worklist). Add {@code -v} or {@code -X} to see or keep the responses.
     */
    public static Result find(String calledAe, String host, int port, List<String> options) {
        List<String> command = new ArrayList<>(List.of("findscu", "-aec", calledAe));
        command.addAll(options);
        command.add(host);
        command.add(Integer.toString(port));
        return run(DEFAULT_TIMEOUT, command);
    }

    /**
     * {@code dump2dcm --line 65536 <dump> <file>}: writes a DICOM file from a {@code dcmdump}-style text. dump2dcm exits
     * 0 even when it writes nothing, so this checks that the file exists.
     *
     * @throws IllegalStateException when no file was written, with dump2dcm's output
     */
    public static Path dumpToDicom(Path dump, Path file) {
        try {
            Files.deleteIfExists(file); // a file left from an earlier run must not pass for this one
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result result = run(DEFAULT_TIMEOUT, "dump2dcm", "--line", "65536", dump.toString(), file.toString());
        if (!result.succeeded()
                || !Files.isRegularFile(file)
                || !result.errors().isEmpty()) {
            throw new IllegalStateException("dump2dcm did not write %s (exit code %d):%n%s"
                    .formatted(file, result.exitCode(), result.output()));
        }
        return file;
    }
}
