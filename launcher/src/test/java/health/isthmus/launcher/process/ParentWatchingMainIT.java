package health.isthmus.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchingMainIT {

    @TempDir
    Path directory;

    @Test
    void theChildEndsWhenItsParentIsGone() throws Exception {
        Process parent = new ProcessBuilder("sleep", "300").start();
        Path log = directory.resolve("child.log");
        ChildProcess child = ChildProcess.start("child", watching(parent.pid()), Map.of(), log);
        try {
            assertThat(TestJvm.eventually(() -> contains(log, "sleeping"), Duration.ofSeconds(60)))
                    .as("the wrapped main class runs")
                    .isTrue();
            assertThat(child.isAlive()).isTrue();

            parent.destroyForcibly();

            assertThat(child.waitFor(Duration.ofSeconds(60)))
                    .as("the child ends after its parent")
                    .isTrue();
            assertThat(Files.readString(log)).contains("parent process " + parent.pid() + " is gone");
        } finally {
            child.stop(Duration.ZERO);
            parent.destroyForcibly();
        }
    }

    @Test
    void theChildDoesNotStartWithoutItsParent() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path log = directory.resolve("orphan.log");

        ChildProcess child = ChildProcess.start("orphan", watching(gone.pid()), Map.of(), log);

        assertThat(child.waitFor(Duration.ofSeconds(60))).isTrue();
        assertThat(child.exitCode()).isEqualTo(1);
        assertThat(Files.readString(log)).doesNotContain("sleeping");
    }

    private static List<String> watching(long parentPid) {
        List<String> command = new ArrayList<>(TestJvm.command(
                ParentWatchingMain.class.getName(), String.valueOf(parentPid), SleepForeverMain.class.getName()));
        return command;
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
