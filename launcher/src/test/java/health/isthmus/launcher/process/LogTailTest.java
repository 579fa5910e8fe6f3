package health.isthmus.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path directory;

    @Test
    void theLastLines() throws IOException {
        Path log = Files.writeString(directory.resolve("a.log"), "one\ntwo\nthree\nfour\n");

        assertThat(LogTail.lastLines(log, 2)).containsExactly("three", "four");
        assertThat(LogTail.lastLines(log, 30)).containsExactly("one", "two", "three", "four");
    }

    @Test
    void theEndOfALargeFile() throws IOException {
        String text = IntStream.rangeClosed(1, 100_000)
                .mapToObj(i -> "line " + i + " of a rather long log file")
                .collect(Collectors.joining("\n"));
        Path log = Files.writeString(directory.resolve("big.log"), text);

        assertThat(LogTail.lastLines(log, 3))
                .containsExactly(
                        "line 99998 of a rather long log file",
                        "line 99999 of a rather long log file",
                        "line 100000 of a rather long log file");
    }

    @Test
    void onlyThePartOfThisRun() throws IOException {
        Path log = Files.writeString(directory.resolve("run.log"), "old 1\nold 2\n");
        long thisRun = Files.size(log);
        Files.writeString(log, "new 1\nnew 2\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(LogTail.lastLines(log, 30, thisRun)).containsExactly("new 1", "new 2");
        assertThat(LogTail.lastLines(log, 30, thisRun + 1000)).containsExactly("old 1", "old 2", "new 1", "new 2");
    }

    @Test
    void nothingForAFileThatDoesNotExist() {
        assertThat(LogTail.lastLines(directory.resolve("missing.log"), 30)).isEmpty();
    }
}
