package health.isthmus.launcher.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterPidFileTest {

    @TempDir
    Path dataDirectory;

    private Path pidFile(String firstLine) throws IOException {
        return Files.writeString(
                dataDirectory.resolve("postmaster.pid"),
                firstLine + "\n" + dataDirectory + "\n1700000000\n5433\n/tmp\nlocalhost\n  5433001         0\nready\n");
    }

    @Test
    void aFileNamingAProcessThatIsGoneIsRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path file = pidFile(String.valueOf(gone.pid()));

        PostmasterPidFile.clearLeftover(dataDirectory);

        assertThat(file).doesNotExist();
    }

    @Test
    void aFileNamingAProcessThatIsNotPostgresIsRemoved() throws IOException {
        Path file = pidFile(String.valueOf(ProcessHandle.current().pid()));

        PostmasterPidFile.clearLeftover(dataDirectory);

        assertThat(file).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void anUnreadableFileIsRemoved() throws IOException {
        Path file = pidFile("garbage");

        PostmasterPidFile.clearLeftover(dataDirectory);

        assertThat(file).doesNotExist();
    }

    @Test
    void noFileNothingToDo() throws IOException {
        PostmasterPidFile.clearLeftover(dataDirectory);

        assertThat(PostmasterPidFile.read(dataDirectory)).isEmpty();
    }

    @Test
    void readsThePidFromTheFirstLine() {
        assertThat(PostmasterPidFile.parsePid(List.of("4242", "/data"))).hasValue(4242);
        assertThat(PostmasterPidFile.parsePid(List.of())).isEmpty();
    }

    @Test
    void recognisesPostgresByItsProgramName() {
        assertThat(PostmasterPidFile.isPostgres("/tmp/embedded-pg/PG-abc/bin/postgres"))
                .isTrue();
        assertThat(PostmasterPidFile.isPostgres("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"))
                .isFalse();
    }
}
