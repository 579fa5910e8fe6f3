package health.isthmus.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files of the repository these checks read: the chart, docker-compose.yml and the services' modules. */
final class Repository {

    /** The services behind the gateway, and the gateway: each a module, an image, a Deployment. */
    static final List<String> SERVICES = List.of(
            "gateway-service",
            "hl7-ingest-service",
            "patient-identity-service",
            "worklist-service",
            "dicomweb-service",
            "report-service",
            "audit-service");

    private Repository() {}

    static Path root() {
        String root = System.getProperty("isthmus.repository.root");
        return Path.of(root == null ? ".." : root).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
