package health.isthmus.launcher;

import health.isthmus.launcher.demo.DemoEndpoints;
import health.isthmus.launcher.service.StandaloneServices;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What the launcher prints once everything is healthy: endpoints, development credentials, then {@code READY}. */
final class ReadyBanner {

    static final String READY = "READY";
    static final List<String> CLIENTS = List.of(
            "dev-admin", "dev-radiologist", "dev-technologist", "dev-clinician", "dev-auditor", "dev-integration");
    static final List<String> USERS = List.of("admin", "radiologist", "technologist", "clinician", "auditor");

    static final String MLLP_PORT = "ISTHMUS_MLLP_PORT";
    static final String WORKLIST_DICOM_PORT = "ISTHMUS_MWL_PORT";
    static final String ARCHIVE_DICOM_PORT = "ISTHMUS_PACS_PORT";

    private ReadyBanner() {}

    static void print(PrintStream out, LauncherSettings settings, Duration startup) {
        var environment = settings.environment();
        int gateway = settings.port(StandaloneServices.named("gateway-service"));
        int auth = settings.port(StandaloneServices.named(StandaloneServices.AUTH_SERVER));
        int mllp = mllpPort(settings);
        int worklist = LauncherSettings.port(environment, WORKLIST_DICOM_PORT, 11113);
        int archive = LauncherSettings.port(environment, ARCHIVE_DICOM_PORT, 11112);
        String seconds = String.format(Locale.ROOT, "%.1f", startup.toMillis() / 1000.0);

        out.println();
        out.println("Isthmus is running.");
        out.println();
        out.println("Endpoints");
        row(out, "Gateway (users, DICOMweb, FHIR, API)", "http://localhost:" + gateway);
        row(out, "Auth server (OAuth2 issuer)", "http://localhost:" + auth);
        row(out, "  token endpoint", "http://localhost:" + auth + "/oauth2/token");
        row(out, "HL7 v2 over MLLP", "localhost:" + mllp);
        row(out, "DICOM worklist (MWL, MPPS)", "localhost:" + worklist + "  AE title ISTHMUS_MWL");
        row(out, "DICOM archive (C-ECHO, C-STORE)", "localhost:" + archive + "  AE title ISTHMUS_PACS");
        row(out, "Kafka", "localhost:" + settings.kafkaPort());
        row(out, "PostgreSQL", settings.jdbcUrl() + "  (user postgres)");
        row(out, "Data and logs", settings.dataDirectory() + "  (logs in " + settings.logDirectory() + ")");
        out.println();
        out.println("Development credentials (standalone mode only)");
        row(out, "Clients (client_credentials)", String.join(", ", CLIENTS));
        row(out, "  secret", "<client id>-secret, e.g. dev-admin-secret");
        row(out, "Users (browser login)", String.join(", ", USERS));
        row(out, "  password", "<user>-password, e.g. admin-password");
        out.println();
        out.println("Get a token:");
        out.println("  curl -s -u dev-admin:dev-admin-secret -d grant_type=client_credentials http://localhost:" + auth
                + "/oauth2/token");
        out.println();
        out.println("Started in " + seconds + " s. Ctrl-C stops everything.");
        out.println(READY);
        out.flush();
    }

    static int mllpPort(LauncherSettings settings) {
        return LauncherSettings.port(settings.environment(), MLLP_PORT, 2575);
    }

    /** Where the demo finds the platform this banner announces. */
    static DemoEndpoints demoEndpoints(LauncherSettings settings, int hisPort) {
        var environment = settings.environment();
        return new DemoEndpoints(
                settings.port(StandaloneServices.named("gateway-service")),
                settings.port(StandaloneServices.named(StandaloneServices.AUTH_SERVER)),
                mllpPort(settings),
                LauncherSettings.port(environment, WORKLIST_DICOM_PORT, 11113),
                LauncherSettings.port(environment, ARCHIVE_DICOM_PORT, 11112),
                hisPort);
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf(Locale.ROOT, "  %-38s %s%n", label, value);
    }
}
