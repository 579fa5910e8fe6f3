package health.isthmus.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path directory;

    @Test
    void outputAndEnvironmentGoToTheLogFileWhichIsAppendedAcrossRuns() throws Exception {
        Path log = directory.resolve("logs/echo.log");
        List<String> command = List.of("/bin/sh", "-c", "echo \"hello $GREETING\"; echo oops >&2");

        for (String greeting : List.of("first", "second")) {
            ChildProcess child = ChildProcess.start("echo", command, Map.of("GREETING", greeting), log);
            assertThat(child.waitFor(Duration.ofSeconds(30))).isTrue();
            assertThat(child.exitCode()).isZero();
        }

        String text = Files.readString(log);
        assertThat(text).contains("hello first", "hello second", "oops", "starts echo");
        assertThat(text.indexOf("hello first")).isLessThan(text.indexOf("hello second"));
    }

    @Test
    void stopKillsAProcessThatIgnoresSigtermAndWhatItStarted() throws IOException {
        ChildProcess child = ChildProcess.start(
                "stubborn",
                List.of("/bin/sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & wait; wait"),
                Map.of(),
                directory.resolve("stubborn.log"));
        ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
        awaitChildren(handle, 2);
        List<ProcessHandle> grandchildren = handle.descendants().toList();

        child.stop(Duration.ofMillis(500));

        assertThat(child.isAlive()).isFalse();
        assertThat(grandchildren).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void describesExitsBySignal() {
        assertThat(ChildProcess.describeExit(1)).isEqualTo("exit code 1");
        assertThat(ChildProcess.describeExit(137)).isEqualTo("exit code 137, killed by signal 9");
    }

    private static void awaitChildren(ProcessHandle process, int count) {
        for (int i = 0; i < 100 && process.children().count() < count; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
