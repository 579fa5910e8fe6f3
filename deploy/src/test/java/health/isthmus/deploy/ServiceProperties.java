package health.isthmus.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configuration a service really reads, as environment variable names: the keys of its {@code application*.yml}
 * (and, for services on the whole platform, of {@code libs/platform}'s defaults) in Spring Boot's relaxed binding
 * form, the {@code ${VARIABLE}} placeholders those files resolve, and a few properties of Spring Boot itself.
 *
 * <p>A variable that none of these name is a typo or a setting the service never had: the service would start and
 * silently ignore it.
 */
final class ServiceProperties {

    // PlatformDefaults adds these files only where Kafka is on the class path: not to the gateway or the auth-server
    private static final Set<String> WITHOUT_PLATFORM_DEFAULTS = Set.of("gateway-service", "auth-server");
    private static final List<String> PLATFORM_FILES = List.of(
            "libs/platform/src/main/resources/isthmus/platform/defaults.yml",
            "libs/platform/src/main/resources/isthmus/platform/standalone.yml");
    // Spring Boot's own properties that the deployment sets and no application.yml of a service needs to list
    private static final List<String> SPRING_BOOT_PROPERTIES = List.of(
            "spring.profiles.active",
            "server.port",
            "management.endpoint.health.probes.enabled",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private final String service;
    private final Set<String> variables = new TreeSet<>();
    // keys whose value is an empty map or list in the files: any entry below them binds
    private final Set<String> openPrefixes = new TreeSet<>();
    // key -> value of the service's own application.yml, the file every deployment starts from
    private final Map<String, String> baseValues = new HashMap<>();

    private ServiceProperties(String service) {
        this.service = service;
    }

    static ServiceProperties of(String service) {
        var properties = new ServiceProperties(service);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> resources = Files.list(Repository.path(service + "/src/main/resources"))) {
            resources
                    .filter(file -> file.getFileName().toString().matches("application(-[a-z]+)?\\.yml"))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!WITHOUT_PLATFORM_DEFAULTS.contains(service)) {
            PLATFORM_FILES.forEach(file -> files.add(Repository.path(file)));
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no application*.yml for " + service);
        }
        files.forEach(
                file -> properties.read(file, file.getFileName().toString().equals("application.yml")));
        SPRING_BOOT_PROPERTIES.forEach(key -> properties.variables.add(environmentName(key)));
        return properties;
    }

    /** Whether the service reads the environment variable {@code name}. */
    boolean reads(String name) {
        if (variables.contains(name)) {
            return true;
        }
        String indexFree = name.replaceAll("_[0-9]+(?=_|$)", "_<n>");
        return variables.contains(indexFree)
                || openPrefixes.stream()
                        .anyMatch(prefix -> name.startsWith(prefix + "_") && name.length() > prefix.length() + 1);
    }

    String service() {
        return service;
    }

    /**
     * The value {@code key} has in the service's application.yml when the environment sets nothing: the default of a
     * {@code ${VARIABLE:default}} placeholder, or the value itself.
     */
    String defaultValue(String key) {
        String value = baseValues.get(key);
        if (value == null) {
            throw new AssertionError(service + "'s application.yml has no " + key);
        }
        Matcher placeholder = Pattern.compile("^\\$\\{[A-Z0-9_]+:(.*)}$").matcher(value);
        return placeholder.matches() ? placeholder.group(1) : value;
    }

    /** The relaxed binding form Spring Boot maps an environment variable to: {@code a.b-c[0]} is {@code A_BC_0}. */
    static String environmentName(String key) {
        return key.replace("[", ".")
                .replace("]", "")
                .replace("-", "")
                .replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    private void read(Path file, boolean base) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher placeholders = PLACEHOLDER.matcher(text);
        while (placeholders.find()) {
            variables.add(placeholders.group(1));
        }
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            walk("", document, base);
        }
    }

    private void walk(String key, Object value, boolean base) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                openPrefixes.add(environmentName(key));
            }
            map.forEach((name, child) -> walk(key.isEmpty() ? name.toString() : key + "." + name, child, base));
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                openPrefixes.add(environmentName(key));
            }
            // a list of scalars binds from one comma-separated variable as well as from indexed ones
            variables.add(environmentName(key));
            list.forEach(element -> walk(key + ".<n>", element, base));
        } else {
            variables.add(environmentName(key).replace("<N>", "<n>"));
            if (base && value != null) {
                baseValues.put(key, value.toString());
            }
        }
    }
}
