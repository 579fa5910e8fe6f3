package health.isthmus.launcher.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a log file without loading all of it. */
public final class LogTail {

    private static final int MAX_BYTES = 256 * 1024;

    private LogTail() {}

    /** Up to {@code count} last lines of the file; empty when it does not exist. */
    public static List<String> lastLines(Path file, int count) {
        return lastLines(file, count, 0);
    }

    /**
     * Up to {@code count} last lines of the file after byte {@code fromOffset} (where this run's part of an
     * appended log begins); the whole file when it is shorter than that offset.
     */
    public static List<String> lastLines(Path file, int count, long fromOffset) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = fromOffset <= length ? fromOffset : 0;
            int size = (int) Math.min(length - start, MAX_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> lines = Arrays.asList(
                    new String(bytes, StandardCharsets.UTF_8).stripTrailing().split("\\r?\\n", -1));
            if (length - size > start && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is probably cut
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
