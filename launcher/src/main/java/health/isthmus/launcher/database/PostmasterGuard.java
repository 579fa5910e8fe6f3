package health.isthmus.launcher.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny shell loop that stops PostgreSQL (SIGINT, its "fast" shutdown) when the launcher process is gone.
 *
 * <p>{@code pg_ctl} detaches the server from the launcher, so if the launcher is killed with SIGKILL its shutdown
 * code never runs and the server would keep running. The guard outlives the launcher and does that one job. A
 * launcher that stops normally ends the guard first.
 */
final class PostmasterGuard {

    private static final Logger log = LoggerFactory.getLogger(PostmasterGuard.class);
    private static final String LOOP =
            "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; kill -INT \"$2\" 2>/dev/null; exit 0";

    private final @Nullable Process process;

    private PostmasterGuard(@Nullable Process process) {
        this.process = process;
    }

    static PostmasterGuard start(long postmasterPid) {
        Optional<Path> shell = Optional.of(Path.of("/bin/sh")).filter(Files::isExecutable);
        if (shell.isEmpty()) {
            return new PostmasterGuard(null);
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // not in the terminal's process group: Ctrl-C must not end the guard
        }
        command.addAll(List.of(
                shell.get().toString(),
                "-c",
                LOOP,
                "isthmus-postgres-guard",
                String.valueOf(ProcessHandle.current().pid()),
                String.valueOf(postmasterPid)));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            return new PostmasterGuard(process);
        } catch (IOException e) {
            log.warn("cannot start the guard that stops PostgreSQL if the launcher is killed: {}", e.getMessage());
            return new PostmasterGuard(null);
        }
    }

    void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
