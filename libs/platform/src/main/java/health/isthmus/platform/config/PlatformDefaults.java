package health.isthmus.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * Adds the platform's defaults below every other property source, so that a service's own
 * {@code application.yml} and the environment always win.
 *
 * <p>Also derives the service's database schema from {@code spring.application.name}
 * ({@code hl7-ingest-service} owns schema {@code hl7_ingest_service}) and turns on JSON logs outside
 * the {@code standalone} profile.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    /** The profile of the one-machine standalone mode started by {@code ./run.sh}. */
    public static final String STANDALONE_PROFILE = "standalone";

    // present in services that run on the whole platform (JDBC, Kafka), absent where only its jar is used
    private static final String PLATFORM_SERVICE_MARKER = "org.springframework.kafka.core.KafkaTemplate";

    // after Boot's config data processing, so active profiles and application names are known
    private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!ClassUtils.isPresent(PLATFORM_SERVICE_MARKER, application.getClassLoader())) {
            // the gateway and the auth-server take only the parent-process watcher from the platform
            return;
        }
        boolean standalone = Arrays.asList(environment.getActiveProfiles()).contains(STANDALONE_PROFILE);
        Map<String, Object> derived = new HashMap<>();
        String name = environment.getProperty("spring.application.name");
        if (name != null) {
            derived.put("isthmus.db.schema", name.toLowerCase(Locale.ROOT).replace('-', '_'));
        }
        if (!standalone) {
            derived.put("logging.structured.format.console", "ecs");
        }
        var sources = environment.getPropertySources();
        if (standalone) {
            load("isthmus/platform/standalone.yml").forEach(sources::addLast);
        }
        sources.addLast(new MapPropertySource("isthmusDerivedDefaults", derived));
        load("isthmus/platform/defaults.yml").forEach(sources::addLast);
    }

    private static List<PropertySource<?>> load(String resource) {
        try {
            return new YamlPropertySourceLoader().load("isthmus:" + resource, new ClassPathResource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read platform defaults " + resource, e);
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
