package health.isthmus.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The chart rendered by Helm's own template engine and read document by document into fabric8's Kubernetes model.
 * A document of an unknown kind, a value of the wrong type or a field the API does not have fails the reading: the
 * last one is kept by fabric8 in "additional properties", which are refused here.
 */
final class RenderedChart {

    static final String RELEASE = "isthmus";
    static final String NAMESPACE = "imaging";

    private final String yaml;
    private final List<HasMetadata> resources;

    private RenderedChart(String yaml, List<HasMetadata> resources) {
        this.yaml = yaml;
        this.resources = resources;
    }

    static Path chart() {
        return Repository.path("helm/isthmus");
    }

    /** Renders with the chart's values plus the given values file (none: the defaults) and command settings. */
    static RenderedChart render(Optional<Path> valuesFile, UnaryOperator<TemplateCommand> settings) {
        TemplateCommand command = new Helm(chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile.isPresent()) {
            command = command.withValuesFile(valuesFile.get());
        }
        String yaml = settings.apply(command).call();
        return new RenderedChart(yaml, parse(yaml));
    }

    static RenderedChart render(Optional<Path> valuesFile) {
        return render(valuesFile, UnaryOperator.identity());
    }

    String yaml() {
        return yaml;
    }

    List<HasMetadata> resources() {
        return resources;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream()
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in\n" + yaml));
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines()
                    .allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            KubernetesResource resource;
            try {
                resource = Serialization.unmarshal(document, KubernetesResource.class);
            } catch (RuntimeException e) {
                throw new AssertionError("not a valid Kubernetes resource:\n" + document, e);
            }
            if (!(resource instanceof HasMetadata object) || resource instanceof GenericKubernetesResource) {
                throw new AssertionError("not a kind of the Kubernetes API:\n" + document);
            }
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(object, object.getKind(), unknown, 0);
            if (!unknown.isEmpty()) {
                throw new AssertionError("fields the Kubernetes API does not have: " + unknown + " in\n" + document);
            }
            resources.add(object);
        }
        return resources;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown, int depth) {
        if (depth > 40) {
            throw new IllegalStateException("model nested too deeply at " + path);
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + i++ + "]", unknown, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown, depth + 1));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (Modifier.isStatic(getter.getModifiers())
                    || getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getReturnType().isPrimitive()
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (child == null) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) child).keySet().forEach(key -> unknown.add(path + "." + key));
            } else {
                collectUnknownFields(child, path + "." + property(getter), unknown, depth + 1);
            }
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " on " + Arrays.toString(new Object[] {target}), e);
        }
    }
}
