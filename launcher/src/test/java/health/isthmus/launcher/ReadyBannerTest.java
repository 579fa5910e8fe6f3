package health.isthmus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.launcher.service.StandaloneServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyBannerTest {

    private static String print(Map<String, String> environment) {
        LauncherSettings settings = LauncherSettings.fromEnvironment(
                environment, Path.of("/srv/isthmus"), Path.of("/srv/isthmus/launcher.jar"), StandaloneServices.ALL);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReadyBanner.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), settings, Duration.ofMillis(42_345));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsEndpointsCredentialsAndTheStartupTimeThenReadyOnItsOwnLine() {
        String banner = print(Map.of());

        assertThat(banner)
                .contains("http://localhost:8080")
                .contains("http://localhost:9000/oauth2/token")
                .contains("localhost:2575")
                .contains("localhost:11113  AE title ISTHMUS_MWL")
                .contains("localhost:11112  AE title ISTHMUS_PACS")
                .contains("localhost:9092")
                .contains("jdbc:postgresql://localhost:5433/isthmus")
                .contains("dev-admin, dev-radiologist, dev-technologist, dev-clinician, dev-auditor, dev-integration")
                .contains("dev-admin-secret")
                .contains("admin, radiologist, technologist, clinician, auditor")
                .contains("admin-password")
                .contains("curl -s -u dev-admin:dev-admin-secret -d grant_type=client_credentials"
                        + " http://localhost:9000/oauth2/token")
                .contains("Started in 42.3 s");
        List<String> lines = banner.lines().toList();
        assertThat(lines.getLast()).isEqualTo("READY");
    }

    @Test
    void showsThePortsTheEnvironmentChose() {
        String banner = print(Map.of(
                "ISTHMUS_GATEWAY_PORT", "18080", "ISTHMUS_AUTH_PORT", "19000", "ISTHMUS_POSTGRES_PORT", "15433"));

        assertThat(banner)
                .contains("http://localhost:18080")
                .contains("http://localhost:19000/oauth2/token")
                .contains("jdbc:postgresql://localhost:15433/isthmus");
    }
}
