package health.isthmus.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configuration a service really reads: the keys of its {@code application*.yml} (and, for services on the whole
 * platform, of {@code libs/platform}'s defaults), the {@code ${VARIABLE}} placeholders those files resolve, and a few
 * properties of Spring Boot itself. An environment variable is mapped to property names by Spring Boot's own
 * relaxed binding ({@code SystemEnvironmentPropertySource}), so {@code ISTHMUS_HL7INGEST_SENDERS_SITES_0_NAME} is read
 * when {@code isthmus.hl7-ingest.senders.sites} is a list in those files.
 *
 * <p>A variable that names none of these is a typo or a setting the service never had: the service would start and
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

    // a list element in a key: matches any index
    private static final String INDEX = "[]";

    private final String service;
    // variables the files name in ${VARIABLE} placeholders
    private final Set<String> placeholders = new TreeSet<>();
    // keys as their elements in Spring Boot's uniform form (lower case, letters and digits)
    private final Set<List<String>> keys = new HashSet<>();
    // keys whose value is an empty map or list in the files: any entry below them binds
    private final Set<List<String>> openPrefixes = new HashSet<>();
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
        SPRING_BOOT_PROPERTIES.forEach(key -> properties.keys.add(elements(key)));
        return properties;
    }

    /** Whether the service reads the environment variable {@code variable}. */
    boolean reads(String variable) {
        if (placeholders.contains(variable)) {
            return true;
        }
        for (ConfigurationPropertyName name : bindingNames(variable)) {
            if (keys.stream().anyMatch(key -> matches(key, name, false))
                    || openPrefixes.stream().anyMatch(prefix -> matches(prefix, name, true))) {
                return true;
            }
        }
        return false;
    }

    /** The property names Spring Boot binds an environment variable to. */
    static List<ConfigurationPropertyName> bindingNames(String variable) {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
        List<ConfigurationPropertyName> names = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.from(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.forEach(names::add);
            }
        }
        return names;
    }

    private static boolean matches(List<String> key, ConfigurationPropertyName name, boolean prefix) {
        int length = name.getNumberOfElements();
        if (prefix ? length <= key.size() : length != key.size()) {
            return false;
        }
        for (int i = 0; i < key.size(); i++) {
            boolean same = key.get(i).equals(INDEX)
                    ? name.isNumericIndex(i)
                    : key.get(i).equals(name.getElement(i, Form.UNIFORM));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static List<String> elements(String key) {
        List<String> elements = new ArrayList<>();
        for (String element : key.split("\\.")) {
            elements.add(
                    element.equals(INDEX)
                            ? INDEX
                            : element.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
        }
        return elements;
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

    /** The environment variable of a property in Spring Boot's canonical form: {@code a.b-c[0]} is {@code A_BC_0}. */
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
        Matcher variables = PLACEHOLDER.matcher(text);
        while (variables.find()) {
            placeholders.add(variables.group(1));
        }
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            walk("", document, base);
        }
    }

    private void walk(String key, Object value, boolean base) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                openPrefixes.add(elements(key));
            }
            map.forEach((name, child) -> walk(key.isEmpty() ? name.toString() : key + "." + name, child, base));
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                openPrefixes.add(elements(key));
            }
            // a list of scalars binds from one comma-separated variable as well as from indexed ones
            keys.add(elements(key));
            list.forEach(element -> walk(key + "." + INDEX, element, base));
        } else {
            keys.add(elements(key));
            if (base && value != null) {
                baseValues.put(key, value.toString());
            }
        }
    }
}
