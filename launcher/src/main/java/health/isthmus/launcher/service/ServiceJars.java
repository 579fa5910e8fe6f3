package health.isthmus.launcher.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a service's Spring Boot jar, {@code <repo>/<module>/target/<module>-<version>.jar}. */
public final class ServiceJars {

    private ServiceJars() {}

    /** The newest executable jar of the module, ignoring plain, sources, javadoc and test jars. */
    public static Optional<Path> find(Path repository, String module) {
        Path target = repository.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> isServiceJar(file.getFileName().toString(), module))
                    .max(Comparator.comparing(ServiceJars::lastModified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isServiceJar(String fileName, String module) {
        return fileName.startsWith(module + "-")
                && fileName.endsWith(".jar")
                && !fileName.endsWith("-plain.jar")
                && !fileName.endsWith("-sources.jar")
                && !fileName.endsWith("-javadoc.jar")
                && !fileName.endsWith("-tests.jar")
                && !fileName.endsWith("-test-sources.jar");
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
