package health.isthmus.launcher;

import health.isthmus.launcher.service.StandaloneServices;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar launcher/target/launcher.jar}: runs the whole platform on this machine until SIGTERM or Ctrl-C.
 *
 * <p>Exit codes: 0 after a requested stop, 1 when the start failed, 2 for wrong settings.
 */
public final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {}

    public static void main(String[] args) {
        Instant launchedAt = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
        PrintStream out = System.out;
        PrintStream err = System.err;
        LauncherArguments arguments = LauncherArguments.parse(args);
        if (arguments.help()) {
            out.print(LauncherArguments.usage());
            out.flush();
            return;
        }
        arguments.notes().forEach(log::warn);

        LauncherSettings settings;
        try {
            settings = LauncherSettings.fromEnvironment(
                    System.getenv(), Path.of("").toAbsolutePath(), launcherClasses(), StandaloneServices.ALL);
        } catch (IllegalArgumentException e) {
            err.println("isthmus launcher: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(settings, launchedAt, out, err));
    }

    static int run(LauncherSettings settings, Instant launchedAt, PrintStream out, PrintStream err) {
        StackSupervisor supervisor = new StackSupervisor(settings, launchedAt, out, err);
        ShutdownSignals.onStopSignal(supervisor::requestStop);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "isthmus-shutdown"));
        log.info("data directory {}", settings.dataDirectory());
        int exitCode = 0;
        try {
            supervisor.start();
            supervisor.awaitStopRequest();
        } catch (StartupFailedException e) {
            if (!supervisor.isStopRequested()) {
                report(err, e);
                exitCode = 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            err.println("start-up failed: " + e);
            exitCode = 1;
        }
        supervisor.stop();
        return exitCode;
    }

    private static void report(PrintStream err, StartupFailedException failure) {
        err.println("start-up failed: " + failure.getMessage());
        failure.details().forEach(line -> err.println("  | " + line));
        err.flush();
    }

    private static Path launcherClasses() {
        try {
            return Path.of(Launcher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher's jar", e);
        }
    }
}
