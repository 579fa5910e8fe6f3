package health.isthmus.launcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.launcher.process.JavaCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void servicesRunFromTheirJarWithTheStandaloneProfileAndSmallJvmSettings() {
        JavaCommand java = new JavaCommand(Path.of("/jdk/bin/java"), Path.of("/r/launcher.jar"), Path.of("/r/lib"));
        ServiceDefinition gateway = StandaloneServices.named("gateway-service");

        List<String> command = java.jar(
                ServiceProcess.jvmOptions(gateway, List.of("-XX:MaxMetaspaceSize=256m")),
                Path.of("/repo/gateway-service/target/gateway-service-0.1.0-SNAPSHOT.jar"),
                List.of(ServiceProcess.PROFILE_ARGUMENT));

        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-Xms64m",
                        "-Xmx192m",
                        "-XX:+UseSerialGC",
                        "-Xss512k",
                        "-XX:MaxMetaspaceSize=192m",
                        "-XX:MaxMetaspaceSize=256m",
                        "-jar",
                        "/repo/gateway-service/target/gateway-service-0.1.0-SNAPSHOT.jar",
                        "--spring.profiles.active=standalone");
    }

    @Test
    void servicesOnTheProtocolPathKeepTheFullJitCompiler() {
        assertThat(ServiceProcess.jvmOptions(StandaloneServices.named("hl7-ingest-service"), List.of()))
                .doesNotContain(ServiceProcess.QUICK_START_JIT);
        assertThat(ServiceProcess.jvmOptions(StandaloneServices.named("dicomweb-service"), List.of()))
                .doesNotContain(ServiceProcess.QUICK_START_JIT);
        // every viewer request passes it
        assertThat(ServiceProcess.jvmOptions(StandaloneServices.named("gateway-service"), List.of()))
                .doesNotContain(ServiceProcess.QUICK_START_JIT);
        assertThat(ServiceProcess.jvmOptions(StandaloneServices.named("audit-service"), List.of()))
                .contains(ServiceProcess.QUICK_START_JIT);
    }
}
