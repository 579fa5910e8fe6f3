package health.isthmus.launcher;

import health.isthmus.launcher.demo.DemoLoop;
import health.isthmus.launcher.demo.HisSimulator;
import health.isthmus.launcher.service.StandaloneServices;
import health.isthmus.launcher.tls.DevelopmentCertificates;
import health.isthmus.launcher.tls.DevelopmentTls;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
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
        if (arguments.tls()) {
            try {
                settings = withDevelopmentTls(settings, out);
            } catch (IOException e) {
                err.println("isthmus launcher: --tls: " + e.getMessage());
                System.exit(1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.exit(run(settings, launchedAt, out, err, arguments.demo()));
    }

    static int run(LauncherSettings settings, Instant launchedAt, PrintStream out, PrintStream err) {
        return run(settings, launchedAt, out, err, false);
    }

    static int run(LauncherSettings settings, Instant launchedAt, PrintStream out, PrintStream err, boolean demo) {
        StackSupervisor supervisor = new StackSupervisor(settings, launchedAt, out, err);
        ShutdownSignals.onStopSignal(supervisor::requestStop);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "isthmus-shutdown"));
        log.info("data directory {}", settings.dataDirectory());
        int exitCode = 0;
        try {
            supervisor.start();
            if (demo) {
                try (HisSimulator his = new HisSimulator(
                        ReadyBanner.mllpPort(settings), hisPort(settings.environment()), Clock.systemUTC())) {
                    new DemoLoop(
                                    ReadyBanner.demoEndpoints(settings, hisPort(settings.environment())),
                                    out,
                                    Clock.systemUTC())
                            .run(his);
                    supervisor.awaitStopRequest();
                } catch (IOException e) {
                    out.println(DemoLoop.FAILED + " at the start: the HIS simulator cannot listen: " + e.getMessage());
                    supervisor.awaitStopRequest();
                }
            } else {
                supervisor.awaitStopRequest();
            }
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

    /**
     * The settings with the TLS listeners on, using the data directory's development certificates (made now if
     * this is their first start), and the lines that tell the user where they are.
     */
    static LauncherSettings withDevelopmentTls(LauncherSettings settings, PrintStream out)
            throws IOException, InterruptedException {
        Path directory = settings.dataDirectory().resolve("tls");
        DevelopmentTls tls = DevelopmentCertificates.ofRunningJdk().ensure(directory);
        out.println("TLS on with the development certificates in " + directory + " (clients trust "
                + tls.caCertificate().getFileName() + "; a HIS presents "
                + tls.hisClientKeyStore().getFileName()
                + "; the stores' password is in " + DevelopmentCertificates.PASSWORD_FILE + ")");
        out.println("  HTTPS   https://localhost:"
                + settings.environment().getOrDefault("ISTHMUS_GATEWAY_TLS_PORT", "8443"));
        out.println("  MLLP/TLS localhost:" + settings.environment().getOrDefault("ISTHMUS_MLLP_TLS_PORT", "2576"));
        return settings.withServiceEnvironment(tls.serviceEnvironment(settings.environment()));
    }

    /** The port of {@code ISTHMUS_HIS_MLLP} ({@code host:port}, where report-service delivers ORUs) [2577]. */
    static int hisPort(Map<String, String> environment) {
        String endpoint = environment.getOrDefault("ISTHMUS_HIS_MLLP", "localhost:2577");
        try {
            return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ISTHMUS_HIS_MLLP must be host:port, not '" + endpoint + "'");
        }
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
