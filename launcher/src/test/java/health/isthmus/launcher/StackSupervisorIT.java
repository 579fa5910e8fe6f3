package health.isthmus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.launcher.process.TestJvm;
import health.isthmus.launcher.service.ServiceDefinition;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole start and stop, with real PostgreSQL and Kafka and small fake services. */
class StackSupervisorIT {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> environment = new HashMap<>();

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(TestJvm.eventually(() -> TestJvm.liveDescendants().isEmpty(), Duration.ofSeconds(30)))
                .as("processes left: %s", TestJvm.describe(TestJvm.liveDescendants()))
                .isTrue();
    }

    @Test
    void startsEverythingReportsADeadServiceAndStopsEverything() throws Exception {
        List<ServiceDefinition> services =
                List.of(service("alpha", 1, "healthy"), service("beta", 2, "healthy"), service("gamma", 2, "healthy"));
        StackSupervisor supervisor = supervisor(services);
        try {
            supervisor.start();

            List<String> printed = text(out).lines().toList();
            assertThat(printed.getLast()).isEqualTo("READY");
            assertThat(directory.resolve("data/logs/alpha.log")).content().contains("fake service up on port");

            ProcessHandle gamma = serviceProcess("gamma");
            gamma.destroyForcibly();

            String expected = "service gamma died (exit code 137, killed by signal 9); see "
                    + directory.resolve("data/logs/gamma.log");
            assertThat(TestJvm.eventually(() -> text(err).contains(expected), Duration.ofSeconds(30)))
                    .as("stderr: %s", text(err))
                    .isTrue();
            assertThat(serviceProcess("alpha").isAlive()).isTrue();
            assertThat(serviceProcess("beta").isAlive()).isTrue();
        } finally {
            supervisor.stop();
        }
        assertThat(text(out).lines().toList().getLast()).isEqualTo("stopped");
        assertThat(text(err)).doesNotContain("service alpha died", "service beta died", "service kafka died");
    }

    @Test
    void aServiceThatEndsDuringStartupFailsTheStartWithTheEndOfItsLog() throws Exception {
        StackSupervisor supervisor = supervisor(List.of(service("alpha", 1, "healthy"), service("crashy", 2, "crash")));
        try {
            assertThatThrownBy(supervisor::start).isInstanceOfSatisfying(StartupFailedException.class, failure -> {
                assertThat(failure.getMessage()).contains("crashy ended during start-up (exit code 3)");
                assertThat(failure.details()).contains("boom: cannot start");
            });
            assertThat(text(out)).doesNotContain("READY");
        } finally {
            supervisor.stop();
        }
    }

    @Test
    void aMissingJarFailsTheStartBeforeAnythingRuns() throws Exception {
        ServiceDefinition ghost = new ServiceDefinition("ghost", "GHOST_PORT", LoopbackPorts.free(), 64, 1, false);
        StackSupervisor supervisor = supervisor(List.of(ghost));
        try {
            assertThatThrownBy(supervisor::start)
                    .isInstanceOf(StartupFailedException.class)
                    .hasMessageContaining("no jar for ghost");
            assertThat(TestJvm.liveDescendants()).isEmpty();
            assertThat(directory.resolve("data/postgres")).doesNotExist();
        } finally {
            supervisor.stop();
        }
    }

    private StackSupervisor supervisor(List<ServiceDefinition> services) {
        LauncherSettings settings = new LauncherSettings(
                directory.resolve("data"),
                directory.resolve("repository"),
                TestJvm.launcherJava(),
                LoopbackPorts.free(),
                LoopbackPorts.free(),
                LoopbackPorts.free(),
                Duration.ofMinutes(5),
                7,
                services,
                services,
                List.of(),
                environment,
                Map.of());
        return new StackSupervisor(settings, Instant.now(), print(out), print(err));
    }

    private ServiceDefinition service(String name, int wave, String behaviour) throws IOException {
        String portVariable = "FAKE_" + name.toUpperCase() + "_PORT";
        environment.put(portVariable, String.valueOf(LoopbackPorts.free()));
        Path jar = directory.resolve("repository/" + name + "/target/" + name + "-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(jar.getParent());
        Path testClasses = TestJvm.codeSource(FakeService.class);
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        attributes.put(
                Attributes.Name.CLASS_PATH,
                jar.getParent().relativize(testClasses).toString().replace('\\', '/') + "/");
        attributes.putValue(FakeService.PORT_VARIABLE, portVariable);
        attributes.putValue(FakeService.BEHAVIOUR, behaviour);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(file, manifest)) {
            // the manifest is the whole jar
        }
        return new ServiceDefinition(name, portVariable, 1, 64, wave, false);
    }

    private static ProcessHandle serviceProcess(String name) {
        return ProcessHandle.current()
                .descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("/" + name + "-0.1.0-SNAPSHOT.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process for " + name));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
