package health.isthmus.launcher;

import health.isthmus.launcher.process.JavaCommand;
import health.isthmus.launcher.service.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Everything the launcher reads from its environment, resolved once at start.
 *
 * @param dataDirectory absolute; holds {@code postgres/}, {@code kafka/}, {@code logs/} and the services' data
 * @param repository the project folder whose {@code <module>/target} folders hold the service jars
 * @param java how to start child JVMs (the launcher's own {@code java} and class path)
 * @param postgresPort PostgreSQL's port
 * @param kafkaPort Kafka's client port
 * @param kafkaControllerPort Kafka's KRaft controller port
 * @param startTimeout how long everything may take to become healthy
 * @param startConcurrency how many services of a wave start at the same time
 * @param catalog every service of the platform
 * @param services the services to start, in catalog order
 * @param serviceJvmOptions extra JVM options for every service, after the defaults
 * @param environment the environment the settings were read from (service ports are looked up there)
 * @param serviceEnvironment settings every service gets in its environment besides the ports (the TLS settings
 *     of {@code --tls})
 */
public record LauncherSettings(
        Path dataDirectory,
        Path repository,
        JavaCommand java,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        Duration startTimeout,
        int startConcurrency,
        List<ServiceDefinition> catalog,
        List<ServiceDefinition> services,
        List<String> serviceJvmOptions,
        Map<String, String> environment,
        Map<String, String> serviceEnvironment) {

    public static final String DATA_DIR = "ISTHMUS_DATA_DIR";
    public static final String POSTGRES_PORT = "ISTHMUS_POSTGRES_PORT";
    public static final String KAFKA_PORT = "ISTHMUS_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "ISTHMUS_KAFKA_CONTROLLER_PORT";
    public static final String START_TIMEOUT = "ISTHMUS_START_TIMEOUT";
    public static final String START_CONCURRENCY = "ISTHMUS_START_CONCURRENCY";
    public static final String SERVICES = "ISTHMUS_SERVICES";
    public static final String SERVICE_JAVA_OPTS = "ISTHMUS_SERVICE_JAVA_OPTS";
    public static final String PARENT_PID = "ISTHMUS_PARENT_PID";

    static final int DEFAULT_POSTGRES_PORT = 5433;
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(300);
    static final int DEFAULT_START_CONCURRENCY = 7;

    public LauncherSettings {
        services = List.copyOf(services);
        catalog = List.copyOf(catalog);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        environment = Map.copyOf(environment);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /** These settings with more environment for every service. */
    public LauncherSettings withServiceEnvironment(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(serviceEnvironment);
        merged.putAll(more);
        return new LauncherSettings(
                dataDirectory,
                repository,
                java,
                postgresPort,
                kafkaPort,
                kafkaControllerPort,
                startTimeout,
                startConcurrency,
                catalog,
                services,
                serviceJvmOptions,
                environment,
                merged);
    }

    /**
     * Reads the settings.
     *
     * @param workingDirectory what a relative {@code ISTHMUS_DATA_DIR} is relative to
     * @param launcherClasses the launcher's jar or classes folder; the lib folder and the repository are found
     *     from it
     * @throws IllegalArgumentException naming the variable whose value is wrong
     */
    public static LauncherSettings fromEnvironment(
            Map<String, String> environment,
            Path workingDirectory,
            Path launcherClasses,
            List<ServiceDefinition> catalog) {
        Path dataDirectory = workingDirectory
                .resolve(environment.getOrDefault(DATA_DIR, "").isBlank() ? "data" : environment.get(DATA_DIR))
                .toAbsolutePath()
                .normalize();
        return new LauncherSettings(
                dataDirectory,
                repositoryOf(launcherClasses.toAbsolutePath(), workingDirectory),
                JavaCommand.ofRunningJvm(launcherClasses.toAbsolutePath()),
                port(environment, POSTGRES_PORT, DEFAULT_POSTGRES_PORT),
                port(environment, KAFKA_PORT, DEFAULT_KAFKA_PORT),
                port(environment, KAFKA_CONTROLLER_PORT, DEFAULT_KAFKA_CONTROLLER_PORT),
                Duration.ofSeconds(positive(environment, START_TIMEOUT, DEFAULT_START_TIMEOUT.toSeconds())),
                (int) positive(environment, START_CONCURRENCY, DEFAULT_START_CONCURRENCY),
                catalog,
                selectServices(environment.get(SERVICES), catalog),
                splitOptions(environment.get(SERVICE_JAVA_OPTS)),
                environment,
                Map.of());
    }

    /**
     * {@code <repo>/launcher/target/launcher.jar} (or {@code .../target/classes}) lies three levels below the
     * repository; anywhere else the working directory is taken.
     */
    static Path repositoryOf(Path launcherClasses, Path workingDirectory) {
        Path target = launcherClasses.getParent();
        if (target != null
                && target.getFileName() != null
                && target.getFileName().toString().equals("target")) {
            Path module = target.getParent();
            Path repository = module == null ? null : module.getParent();
            if (repository != null && Files.exists(repository.resolve("pom.xml"))) {
                return repository;
            }
        }
        return workingDirectory.toAbsolutePath();
    }

    static int port(Map<String, String> environment, String variable, int defaultPort) {
        long value = positive(environment, variable, defaultPort);
        if (value > 65535) {
            throw new IllegalArgumentException(
                    "%s must be a port number (1-65535), not '%s'".formatted(variable, environment.get(variable)));
        }
        return (int) value;
    }

    private static long positive(Map<String, String> environment, String variable, long defaultValue) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String digits = value.strip();
        if (variable.equals(START_TIMEOUT) && digits.endsWith("s")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            long parsed = Long.parseLong(digits);
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "%s must be a positive whole number, not '%s'".formatted(variable, value));
        }
    }

    static List<ServiceDefinition> selectServices(@Nullable String selection, List<ServiceDefinition> catalog) {
        if (selection == null || selection.isBlank() || selection.strip().equals("all")) {
            return catalog;
        }
        if (selection.strip().equals("none")) {
            return List.of();
        }
        Set<String> names = Arrays.stream(selection.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        Set<String> known = catalog.stream().map(ServiceDefinition::name).collect(Collectors.toSet());
        List<String> unknown =
                names.stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("%s names unknown services %s; known: all, none, %s"
                    .formatted(
                            SERVICES,
                            unknown,
                            String.join(", ", known.stream().sorted().toList())));
        }
        return catalog.stream()
                .filter(service -> names.contains(service.name()))
                .toList();
    }

    private static List<String> splitOptions(@Nullable String options) {
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return List.of(options.strip().split("\\s+"));
    }

    /** The service's HTTP port, read from the same variable with the same default as the service itself. */
    public int port(ServiceDefinition service) {
        return service.port(environment);
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    /** {@code <data>/logs/<name>.log}. */
    public Path logFile(String name) {
        return logDirectory().resolve(name + ".log");
    }

    /**
     * What every child gets on top of the launcher's environment: the data directory, the launcher's pid (so that
     * a child can end itself when the launcher is gone), and every port as the launcher resolved it, so that
     * services and launcher agree even where a service's own default would differ.
     */
    public Map<String, String> childEnvironment() {
        Map<String, String> child = new LinkedHashMap<>(serviceEnvironment);
        child.put(DATA_DIR, dataDirectory.toString());
        child.put(PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        child.put(POSTGRES_PORT, String.valueOf(postgresPort));
        child.put(KAFKA_PORT, String.valueOf(kafkaPort));
        catalog.forEach(service -> child.put(service.portVariable(), String.valueOf(port(service))));
        return child;
    }

    /** {@code jdbc:postgresql://localhost:<port>/isthmus}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/isthmus".formatted(postgresPort);
    }
}
