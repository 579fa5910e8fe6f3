package health.isthmus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.launcher.service.ServiceDefinition;
import health.isthmus.launcher.service.StandaloneServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherSettingsTest {

    @TempDir
    Path workingDirectory;

    private LauncherSettings settings(Map<String, String> environment) {
        return LauncherSettings.fromEnvironment(
                environment,
                workingDirectory,
                workingDirectory.resolve("launcher/target/launcher.jar"),
                StandaloneServices.ALL);
    }

    @Test
    void defaultsMatchThePlatformSpecification() {
        LauncherSettings settings = settings(Map.of());

        assertThat(settings.dataDirectory()).isEqualTo(workingDirectory.resolve("data"));
        assertThat(settings.postgresPort()).isEqualTo(5433);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(9093);
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.services()).isEqualTo(StandaloneServices.ALL);
        assertThat(settings.port(StandaloneServices.named("gateway-service"))).isEqualTo(8080);
        assertThat(settings.port(StandaloneServices.named("auth-server"))).isEqualTo(9000);
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/isthmus");
        assertThat(settings.logFile("kafka")).isEqualTo(workingDirectory.resolve("data/logs/kafka.log"));
    }

    @Test
    void environmentOverridesEveryDefault() {
        LauncherSettings settings = settings(Map.of(
                "ISTHMUS_DATA_DIR", "var/isthmus",
                "ISTHMUS_POSTGRES_PORT", "15433",
                "ISTHMUS_KAFKA_PORT", "19092",
                "ISTHMUS_KAFKA_CONTROLLER_PORT", "19093",
                "ISTHMUS_START_TIMEOUT", "120s",
                "ISTHMUS_START_CONCURRENCY", "2",
                "ISTHMUS_GATEWAY_PORT", "18080",
                "ISTHMUS_SERVICE_JAVA_OPTS", " -XX:MaxMetaspaceSize=256m  -Dfoo=bar "));

        assertThat(settings.dataDirectory()).isEqualTo(workingDirectory.resolve("var/isthmus"));
        assertThat(settings.postgresPort()).isEqualTo(15433);
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(19093);
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.startConcurrency()).isEqualTo(2);
        assertThat(settings.port(StandaloneServices.named("gateway-service"))).isEqualTo(18080);
        assertThat(settings.serviceJvmOptions()).containsExactly("-XX:MaxMetaspaceSize=256m", "-Dfoo=bar");
    }

    @Test
    void anAbsoluteDataDirectoryIsTakenAsItIs() {
        Path elsewhere = workingDirectory.resolve("elsewhere").toAbsolutePath();

        assertThat(settings(Map.of("ISTHMUS_DATA_DIR", elsewhere.toString())).dataDirectory())
                .isEqualTo(elsewhere);
    }

    @Test
    void wrongNumbersAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("ISTHMUS_KAFKA_PORT", "ninety")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISTHMUS_KAFKA_PORT")
                .hasMessageContaining("ninety");
        assertThatThrownBy(() -> settings(Map.of("ISTHMUS_POSTGRES_PORT", "70000")))
                .hasMessageContaining("ISTHMUS_POSTGRES_PORT");
        assertThatThrownBy(() -> settings(Map.of("ISTHMUS_START_TIMEOUT", "0")))
                .hasMessageContaining("ISTHMUS_START_TIMEOUT");
    }

    @Test
    void aWrongServicePortIsRefusedWhenAsked() {
        LauncherSettings settings = settings(Map.of("ISTHMUS_AUDIT_HTTP_PORT", "-1"));

        assertThatThrownBy(() -> settings.port(StandaloneServices.named("audit-service")))
                .hasMessageContaining("ISTHMUS_AUDIT_HTTP_PORT");
    }

    @Test
    void servicesCanBeChosen() {
        assertThat(settings(Map.of("ISTHMUS_SERVICES", "audit-service, auth-server")).services().stream()
                        .map(ServiceDefinition::name))
                .containsExactly("auth-server", "audit-service");
        assertThat(settings(Map.of("ISTHMUS_SERVICES", "none")).services()).isEmpty();
        assertThatThrownBy(() -> settings(Map.of("ISTHMUS_SERVICES", "auth-server,pacs")))
                .hasMessageContaining("[pacs]");
    }

    @Test
    void childrenLearnTheDataDirectoryTheLauncherAndEveryPort() {
        LauncherSettings settings = settings(Map.of("ISTHMUS_REPORT_HTTP_PORT", "18085"));

        Map<String, String> child = settings.childEnvironment();

        assertThat(child)
                .containsEntry(
                        "ISTHMUS_DATA_DIR", workingDirectory.resolve("data").toString())
                .containsEntry(
                        "ISTHMUS_PARENT_PID",
                        String.valueOf(ProcessHandle.current().pid()))
                .containsEntry("ISTHMUS_POSTGRES_PORT", "5433")
                .containsEntry("ISTHMUS_KAFKA_PORT", "9092")
                .containsEntry("ISTHMUS_AUTH_PORT", "9000")
                .containsEntry("ISTHMUS_REPORT_HTTP_PORT", "18085");
        assertThat(child.keySet())
                .containsAll(StandaloneServices.ALL.stream()
                        .map(ServiceDefinition::portVariable)
                        .toList());
    }

    @Test
    void theRepositoryIsFoundFromTheLaunchersJar() throws IOException {
        Path repository = Files.createDirectories(workingDirectory.resolve("checkout"));
        Files.writeString(repository.resolve("pom.xml"), "<project/>");
        Path jar = repository.resolve("launcher/target/launcher.jar");

        assertThat(LauncherSettings.repositoryOf(jar, workingDirectory)).isEqualTo(repository);
        assertThat(LauncherSettings.repositoryOf(repository.resolve("launcher/target/classes"), workingDirectory))
                .isEqualTo(repository);
        assertThat(LauncherSettings.repositoryOf(Path.of("/opt/isthmus/launcher.jar"), workingDirectory))
                .isEqualTo(workingDirectory.toAbsolutePath());
    }

    @Test
    void childJvmsUseTheLaunchersJavaAndTheLibFolderNextToItsJar() {
        LauncherSettings settings = settings(Map.of());

        assertThat(settings.java().javaExecutable()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
        assertThat(settings.java().libDirectory()).isEqualTo(workingDirectory.resolve("launcher/target/lib"));
        assertThat(settings.java().classpath())
                .isEqualTo(workingDirectory.resolve("launcher/target/launcher.jar") + ":"
                        + workingDirectory.resolve("launcher/target/lib/*"));
    }
}
