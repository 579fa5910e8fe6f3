package health.isthmus.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml as Docker Compose reads it: YAML with anchors and merge keys resolved, duplicate keys refused,
 * and {@code ${VARIABLE:-default}} interpolated with the defaults (as on a machine with no .env).
 */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private final Map<String, Object> model;

    private ComposeFile(Map<String, Object> model) {
        this.model = model;
    }

    static ComposeFile load() {
        return parse(Repository.read(FILE));
    }

    static ComposeFile parse(String yaml) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Object> model = new Yaml(new SafeConstructor(options)).load(yaml);
        return new ComposeFile(model);
    }

    /** The file as parsed, before interpolation (what the Compose schema describes). */
    Map<String, Object> model() {
        return model;
    }

    Map<String, Map<String, Object>> services() {
        return map(model.get("services"));
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new AssertionError("no service " + name + " in " + FILE);
        }
        return service;
    }

    /** The service's environment with every value interpolated, in the map form. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> entries) {
            entries.forEach((key, value) ->
                    environment.put(key.toString(), value == null ? "" : interpolate(value.toString())));
        } else if (declared instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] pair = entry.toString().split("=", 2);
                environment.put(pair[0], pair.length == 2 ? interpolate(pair[1]) : "");
            }
        }
        return environment;
    }

    /** Resolves {@code ${X}}, {@code ${X:-default}} and {@code ${X:?message}} as Compose does with X unset. */
    static String interpolate(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        var result = new StringBuilder();
        while (matcher.find()) {
            String operator = matcher.group(2);
            String replacement;
            if (operator == null) {
                replacement = "";
            } else if (operator.endsWith("-")) {
                replacement = matcher.group(3);
            } else {
                // a required variable: Compose stops with the message; stand in a value that says so
                replacement = "<required:" + matcher.group(1) + ">";
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + value);
        }
        return (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    static <E> List<E> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            throw new AssertionError("expected a sequence, found " + value);
        }
        return (List<E>) value;
    }
}
