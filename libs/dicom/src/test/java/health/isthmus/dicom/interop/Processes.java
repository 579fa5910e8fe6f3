package health.isthmus.dicom.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer's command line with a time limit and collects its output (test support). */
public final class Processes {

    /** What a finished command left behind. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Output lines that DCMTK marks as warnings or errors ("W:", "E:", "F:"). */
        public List<String> problems() {
            List<String> lines = new ArrayList<>();
            for (String line : (stdout + "\n" + stderr).split("\n")) {
                if (line.startsWith("W: ") || line.startsWith("E: ") || line.startsWith("F: ")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private Processes() {}

    /** Whether an executable is on the PATH. */
    public static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command in a directory, waiting at most a minute; a command that overruns is killed and fails. */
    public static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("timed out: " + String.join(" ", command));
        }
        Result result = new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }
}
