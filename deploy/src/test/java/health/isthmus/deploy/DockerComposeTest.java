package health.isthmus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * docker-compose.yml, checked without a Docker engine: it conforms to the Compose Specification's JSON schema, and
 * it holds together with the rest of the repository (services, ports, health checks, configuration keys, image
 * build), which {@code docker compose config} would not tell either.
 */
class DockerComposeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // the services that docker/Dockerfile builds from this repository's modules
    private static final List<String> BUILT = Stream.concat(Repository.SERVICES.stream(), Stream.of("auth-server"))
            .toList();

    private static Schema schema;
    private static ComposeFile compose;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = DockerComposeTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            ObjectNode node = (ObjectNode) JSON.readTree(in);
            // the schema names its meta-schema by an address these machines cannot reach (its dialect is draft 7), and
            // itself by a relative $id that the validator refuses as a base; every $ref in it is local
            node.remove("$schema");
            node.put("$id", "https://compose-spec.invalid/schema/compose_spec.json");
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(node);
        }
        compose = ComposeFile.load();
    }

    private static List<Error> validate(Map<String, Object> model) {
        JsonNode document = JSON.valueToTree(model);
        return schema.validate(document);
    }

    @Test
    void conformsToTheComposeSpecification() {
        assertThat(validate(compose.model())).isEmpty();
    }

    @Test
    void theSchemaCheckRefusesWhatComposeWouldRefuse() {
        ComposeFile misspelt = ComposeFile.parse(Repository.read(ComposeFile.FILE)
                .replaceFirst("\n    healthcheck:", "\n    helthcheck:")
                .replace("condition: service_healthy", "condition: service_ready"));

        assertThat(validate(misspelt.model()))
                .extracting(Error::getMessage)
                .anySatisfy(message -> assertThat(message).contains("helthcheck"))
                .anySatisfy(message -> assertThat(message).contains("service_healthy"));
        assertThatThrownBy(() -> ComposeFile.parse("services:\n  a:\n    image: x\n  a:\n    image: y\n"))
                .hasMessageContaining("duplicate key");
    }

    @Test
    void runsTheKafkaAndPostgresqlVersionsTheBuildTestsAgainst() {
        // the broker of standalone mode and of the integration tests (Spring Boot's Kafka), and PostgreSQL's major
        assertThat(compose.service("kafka").get("image"))
                .isEqualTo("apache/kafka:" + System.getProperty("kafka.version"));
        String postgresMajor = System.getProperty("postgresql.binaries.version").split("\\.")[0];
        assertThat(compose.service("postgres").get("image")).isEqualTo("postgres:" + postgresMajor);
    }

    @Test
    void everyServiceWaitsForHealthyDependenciesThatHaveAHealthCheck() {
        var services = compose.services();
        services.forEach((name, service) -> {
            Map<String, Map<String, Object>> dependsOn = ComposeFile.map(service.get("depends_on"));
            dependsOn.forEach((target, condition) -> {
                assertThat(services).as("%s depends on %s", name, target).containsKey(target);
                assertThat(condition).as("%s -> %s", name, target).containsEntry("condition", "service_healthy");
                assertThat(services.get(target))
                        .as("health check of %s", target)
                        .containsKey("healthcheck");
                assertThat(services.get(target))
                        .as("%s is in every profile %s runs in", target, name)
                        .doesNotContainKey("profiles");
            });
            assertThat(service).as("health check of %s", name).containsKey("healthcheck");
        });
        assertThat(ComposeFile.map(compose.service("gateway-service").get("depends_on"))
                        .keySet())
                .containsAll(Repository.SERVICES.stream()
                        .filter(service -> !service.equals("gateway-service"))
                        .toList());
        for (String service : Repository.SERVICES) {
            if (!service.equals("gateway-service")) {
                assertThat(ComposeFile.map(compose.service(service).get("depends_on"))
                                .keySet())
                        .as(service)
                        .contains("postgres", "kafka", "keycloak");
            }
        }
    }

    @Test
    void publishesThePlatformsPortsOnTheServicesListeners() {
        assertPublished("gateway-service", 8080, "server.port");
        assertPublished("hl7-ingest-service", 2575, "isthmus.hl7-ingest.mllp.port");
        assertPublished("dicomweb-service", 11112, "isthmus.dicomweb.dicom.port");
        assertPublished("worklist-service", 11113, "isthmus.worklist.dicom.port");
        assertPublished("auth-server", 9000, "server.port");
        // the services' own HTTP ports stay inside the compose network
        for (String service : List.of(
                "patient-identity-service",
                "worklist-service",
                "dicomweb-service",
                "report-service",
                "audit-service")) {
            assertThat(published(service).values())
                    .as(service)
                    .doesNotContain(
                            Integer.valueOf(ServiceProperties.of(service).defaultValue("server.port")));
        }
    }

    @Test
    void healthChecksAskTheActuatorOnEachServicesHttpPort() {
        String script = Repository.read("docker/healthcheck");
        assertThat(script).contains("/actuator/health").contains("\"status\":\"UP\"");
        for (String service : BUILT) {
            List<String> test = ComposeFile.list(
                    ComposeFile.<Object>map(compose.service(service).get("healthcheck"))
                            .get("test"));
            String port = ServiceProperties.of(service).defaultValue("server.port");
            assertThat(test).as(service).containsExactly("CMD", "healthcheck", port);
        }
    }

    @Test
    void environmentSetsOnlyPropertiesTheServicesRead() {
        for (String service : BUILT) {
            ServiceProperties properties = ServiceProperties.of(service);
            Map<String, String> environment = ComposeFile.environment(compose.service(service));
            assertThat(environment.keySet())
                    .as("variables of %s in %s that it does not read", service, ComposeFile.FILE)
                    .filteredOn(variable -> !properties.reads(variable))
                    .isEmpty();
        }
    }

    @Test
    void servicesReachTheirInfrastructureInsideTheComposeNetwork() {
        var services = compose.services();
        for (String service : Repository.SERVICES) {
            Map<String, String> environment = ComposeFile.environment(compose.service(service));
            if (!service.equals("gateway-service")) {
                assertThat(environment)
                        .as(service)
                        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/isthmus")
                        .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", "kafka:9092");
            }
            assertThat(environment.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI"))
                    .as(service)
                    .startsWith("http://keycloak:8080/realms/isthmus/");
        }
        // the gateway routes to each service's name and HTTP port
        Map<String, String> gateway = ComposeFile.environment(compose.service("gateway-service"));
        for (String service : Repository.SERVICES) {
            if (service.equals("gateway-service")) {
                continue;
            }
            String variable =
                    "ISTHMUS_GATEWAY_SERVICES_" + ServiceProperties.environmentName(service.replace("-service", ""));
            String port = ServiceProperties.of(service).defaultValue("server.port");
            assertThat(gateway).containsEntry(variable, "http://" + service + ":" + port);
            assertThat(services).containsKey(service);
        }
        assertThat(ComposeFile.environment(compose.service("hl7-ingest-service"))
                        .get("ISTHMUS_HL7_STORE_KEY"))
                .as("the message store key is never a default of the file")
                .isEqualTo("<required:ISTHMUS_HL7_STORE_KEY>");
    }

    @Test
    void theArchiveAndTheDatabasesKeepTheirDataOnNamedVolumes() {
        Set<String> declared =
                ComposeFile.<Object>map(compose.model().get("volumes")).keySet();
        Set<String> used = new TreeSet<>();
        compose.services().forEach((name, service) -> {
            for (Object volume : ComposeFile.list(service.get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    used.add(source);
                }
            }
        });
        assertThat(declared).containsExactlyInAnyOrderElementsOf(used);

        String storage =
                ComposeFile.environment(compose.service("dicomweb-service")).get("ISTHMUS_DICOMWEB_STORAGE");
        assertThat(ComposeFile.<String>list(compose.service("dicomweb-service").get("volumes")))
                .anySatisfy(volume -> assertThat(storage).startsWith(volume.split(":")[1]));
        assertThat(ComposeFile.<String>list(compose.service("postgres").get("volumes")))
                .containsExactly("postgres-data:/var/lib/postgresql/data");
        assertThat(ComposeFile.<String>list(compose.service("keycloak").get("volumes")))
                .containsExactly("./deploy/keycloak:/opt/keycloak/data/import:ro");
        assertThat(Repository.path("deploy/keycloak/isthmus-realm.json")).isRegularFile();
    }

    @Test
    void eachServiceImageIsBuiltFromItsModulesJarAsNonRoot() throws IOException {
        String dockerfile = Repository.read("docker/Dockerfile");
        assertThat(dockerfile)
                .contains("ARG JAVA_IMAGE=eclipse-temurin:21-jre")
                .contains("java -Djarmode=tools -jar app.jar extract --layers --launcher")
                .contains("ARG VERSION=" + System.getProperty("isthmus.version"))
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern(
                        "(?m)^ENTRYPOINT \\[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]$");
        for (String service : BUILT) {
            Map<String, Object> build = ComposeFile.map(compose.service(service).get("build"));
            assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "docker/Dockerfile");
            assertThat(ComposeFile.<Object>map(build.get("args"))).containsEntry("SERVICE", service);
            assertThat(Files.readString(Repository.path(service + "/pom.xml")))
                    .as("the module %s makes a layered Spring Boot jar", service)
                    .contains("<artifactId>" + service + "</artifactId>")
                    .contains("spring-boot-maven-plugin");
            assertThat(compose.service(service).get("image").toString()).startsWith("isthmus/" + service + ":");
        }
        assertThat(Repository.read(".dockerignore")).contains("!*/target/*.jar").contains("!docker/");
    }

    private static void assertPublished(String service, int port, String listenerProperty) {
        String listenerDefault = ServiceProperties.of(service).defaultValue(listenerProperty);
        assertThat(published(service))
                .as("%s publishes %d", service, port)
                .containsEntry(port, Integer.valueOf(listenerDefault));
    }

    /** host port -> container port of a service's short-syntax port mappings, interpolated. */
    private static Map<Integer, Integer> published(String service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object mapping : ComposeFile.list(compose.service(service).get("ports"))) {
            String[] parts = ComposeFile.interpolate(mapping.toString()).split(":");
            if (parts.length != 2) {
                throw new AssertionError("not a host:container port mapping: " + mapping);
            }
            ports.put(Integer.valueOf(parts[0]), Integer.valueOf(parts[1]));
        }
        return ports;
    }
}
