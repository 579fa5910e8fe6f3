package health.isthmus.launcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJarsTest {

    @TempDir
    Path repository;

    private Path file(String relative) throws IOException {
        Path file = repository.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "jar");
    }

    @Test
    void findsTheSpringBootJarAndSkipsTheOthers() throws IOException {
        Path bootJar = file("report-service/target/report-service-0.1.0-SNAPSHOT.jar");
        file("report-service/target/report-service-0.1.0-SNAPSHOT-plain.jar");
        file("report-service/target/report-service-0.1.0-SNAPSHOT-sources.jar");
        file("report-service/target/report-service-0.1.0-SNAPSHOT-tests.jar");
        file("report-service/target/report-service-0.1.0-SNAPSHOT.jar.original");
        file("report-service/target/other-0.1.0-SNAPSHOT.jar");

        assertThat(ServiceJars.find(repository, "report-service")).contains(bootJar);
    }

    @Test
    void takesTheNewestWhenThereAreSeveralVersions() throws IOException {
        Path older = file("audit-service/target/audit-service-0.1.0-SNAPSHOT.jar");
        Path newer = file("audit-service/target/audit-service-0.2.0-SNAPSHOT.jar");
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));

        assertThat(ServiceJars.find(repository, "audit-service")).contains(newer);
    }

    @Test
    void nothingWhenTheModuleWasNotBuilt() throws IOException {
        Files.createDirectories(repository.resolve("worklist-service/src"));
        file("gateway-service/target/gateway-service-0.1.0-SNAPSHOT-plain.jar");

        assertThat(ServiceJars.find(repository, "worklist-service")).isEmpty();
        assertThat(ServiceJars.find(repository, "gateway-service")).isEmpty();
    }
}
