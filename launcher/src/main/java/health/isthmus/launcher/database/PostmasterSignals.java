package health.isthmus.launcher.database;

import health.isthmus.launcher.process.ProcessExits;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops a PostgreSQL server by signal, for the cases where zonky's {@code pg_ctl stop} cannot be used (a server of
 * an earlier launcher, or one that did not stop in time). SIGINT is PostgreSQL's "fast" shutdown (what
 * {@code pg_ctl stop -m fast} sends), SIGQUIT its "immediate" one; unlike SIGKILL both end the server's own
 * processes too.
 */
final class PostmasterSignals {

    private PostmasterSignals() {}

    /** Fast shutdown, then immediate shutdown; true when the server is gone in the given times. */
    static boolean stop(ProcessHandle postmaster, Duration fast, Duration immediate) {
        send(postmaster, "INT");
        if (ProcessExits.awaitExit(postmaster, fast)) {
            return true;
        }
        send(postmaster, "QUIT");
        return ProcessExits.awaitExit(postmaster, immediate);
    }

    private static void send(ProcessHandle process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
