package health.isthmus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * helm/isthmus as an operator meets it: it lints strictly, renders with the default and the production-like values,
 * every rendered document is a valid Kubernetes object, and what the platform needs is there.
 */
class HelmChartTest {

    private static final Path PRODUCTION_VALUES = RenderedChart.chart().resolve("ci/production-values.yaml");

    private static RenderedChart defaults;
    private static RenderedChart production;

    @BeforeAll
    static void render() throws IOException {
        defaults = RenderedChart.render(Optional.empty());
        production = RenderedChart.render(Optional.of(PRODUCTION_VALUES));
        // kept for a reader of the build: what an operator would apply with each values file
        Path out = Files.createDirectories(Path.of("target/helm"));
        Files.writeString(out.resolve("default-values.yaml"), defaults.yaml());
        Files.writeString(out.resolve("production-values.yaml"), production.yaml());
    }

    static Stream<Arguments> renderings() {
        return Stream.of(
                // the chart's appVersion, which follows the project's version
                Arguments.of("default values", defaults, "isthmus/", System.getProperty("isthmus.version")),
                Arguments.of("production values", production, "registry.hospital.example/imaging/isthmus/", "0.1.0"));
    }

    private static String name(String service) {
        return RenderedChart.RELEASE + "-" + service;
    }

    @Test
    void lintsWithoutWarningsInStrictMode() {
        var result = new Helm(RenderedChart.chart()).lint().strict().call();

        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages())
                .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyServiceHasItsDeploymentServiceConfigAutoscalerAndDisruptionBudget(String values, RenderedChart chart) {
        for (String service : Repository.SERVICES) {
            Deployment deployment = chart.named(Deployment.class, name(service));
            Service http = chart.named(Service.class, name(service));
            chart.named(ConfigMap.class, name(service));
            HorizontalPodAutoscaler autoscaler = chart.named(HorizontalPodAutoscaler.class, name(service));
            PodDisruptionBudget budget = chart.named(PodDisruptionBudget.class, name(service));

            Map<String, String> podLabels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(http.getSpec().getSelector());
            assertThat(podLabels)
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(name(service));
            assertThat(autoscaler.getSpec().getMinReplicas())
                    .isBetween(1, autoscaler.getSpec().getMaxReplicas());
            assertThat(http.getSpec().getPorts())
                    .singleElement()
                    .satisfies(port -> assertThat(containerPort(
                                    deployment, port.getTargetPort().getStrVal()))
                            .isEqualTo(port.getPort()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void probesAskSpringBootsHealthGroupsOnTheHttpPort(String values, RenderedChart chart) {
        for (String service : Repository.SERVICES) {
            Container container = container(chart.named(Deployment.class, name(service)));
            for (Probe probe :
                    List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(service).isEqualTo("http");
            }
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noContainerRunsAsRootAndImagesComeFromTheValues(
            String values, RenderedChart chart, String imagePrefix, String tag) {
        for (Deployment deployment : chart.all(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            Container container = container(deployment);
            String service = deployment.getMetadata().getLabels().get("app.kubernetes.io/name");

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();
            assertThat(container.getSecurityContext().getCapabilities().getDrop())
                    .contains("ALL");
            assertThat(container.getSecurityContext().getRunAsUser())
                    .satisfiesAnyOf(
                            uid -> assertThat(uid).isNull(),
                            uid -> assertThat(uid).isPositive());
            assertThat(container.getImage()).isEqualTo(imagePrefix + service + ":" + tag);
        }
        assertThat(chart.all(Deployment.class)).hasSameSizeAs(Repository.SERVICES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void mllpAndDicomArePublishedOnTheirPlatformPorts(String values, RenderedChart chart) {
        assertTcpService(chart, "mllp", "hl7-ingest-service", 2575, 2575);
        assertTcpService(chart, "archive-dicom", "dicomweb-service", 11112, 11112);
        assertTcpService(chart, "worklist-dicom", "worklist-service", 11113, 11113);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void networkPoliciesDenyByDefaultAndAllowThePlatformsFlows(String values, RenderedChart chart) {
        NetworkPolicy deny = chart.named(NetworkPolicy.class, RenderedChart.RELEASE + "-default-deny");
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isEmpty();
        assertThat(deny.getSpec().getEgress()).isEmpty();
        for (Deployment deployment : chart.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deny.getSpec().getPodSelector().getMatchLabels());
        }

        for (String service : Repository.SERVICES) {
            if (service.equals("gateway-service")) {
                continue;
            }
            NetworkPolicy policy = chart.named(NetworkPolicy.class, name(service));
            // HTTP from the gateway's pods only (and the metrics scrapers when configured)
            assertThat(policy.getSpec().getIngress().getFirst().getFrom())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "gateway-service"));
            // PostgreSQL, Kafka and the OIDC provider on their ports
            List<Integer> egressPorts = policy.getSpec().getEgress().stream()
                    .flatMap(rule -> rule.getPorts().stream())
                    .map(port -> port.getPort().getIntVal())
                    .toList();
            assertThat(egressPorts).as(service).contains(5432).contains(9092).contains(443);
        }
        // the gateway reaches Kafka for the audit records of the requests it refuses
        assertThat(chart.named(NetworkPolicy.class, RenderedChart.RELEASE + "-gateway")
                        .getSpec()
                        .getEgress())
                .anySatisfy(
                        rule -> assertThat(rule.getPorts().getFirst().getPort().getIntVal())
                                .isEqualTo(9092));
        assertThat(chart.named(ConfigMap.class, name("gateway-service")).getData())
                .containsKey("SPRING_KAFKA_BOOTSTRAPSERVERS");
        assertThat(chart.named(NetworkPolicy.class, name("hl7-ingest-service"))
                        .getSpec()
                        .getIngress())
                .anySatisfy(
                        rule -> assertThat(rule.getPorts().getFirst().getPort().getStrVal())
                                .isEqualTo("mllp"));
        assertThat(chart.named(NetworkPolicy.class, name("report-service"))
                        .getSpec()
                        .getEgress())
                .anySatisfy(
                        rule -> assertThat(rule.getPorts().getFirst().getPort().getIntVal())
                                .isEqualTo(2577));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void secretsAreReferencedNeverRendered(String values, RenderedChart chart) {
        assertThat(chart.resources()).noneMatch(resource -> resource.getKind().equals("Secret"));
        for (String service : Repository.SERVICES) {
            List<EnvVar> env =
                    container(chart.named(Deployment.class, name(service))).getEnv();
            if (service.equals("gateway-service")) {
                assertThat(env).isNullOrEmpty();
                continue;
            }
            assertThat(env).anySatisfy(variable -> {
                assertThat(variable.getName()).isEqualTo("SPRING_DATASOURCE_PASSWORD");
                assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
            });
        }
        assertThat(container(chart.named(Deployment.class, name("hl7-ingest-service")))
                        .getEnv())
                .anySatisfy(variable -> assertThat(variable.getName()).isEqualTo("ISTHMUS_HL7_STORE_KEY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void configMapsSetOnlyWhatTheServicesReadAndTheGatewayRoutesToTheServices(String values, RenderedChart chart) {
        for (String service : Repository.SERVICES) {
            ServiceProperties properties = ServiceProperties.of(service);
            Map<String, String> data =
                    chart.named(ConfigMap.class, name(service)).getData();
            assertThat(data.keySet())
                    .as(service)
                    .allSatisfy(variable -> assertThat(properties.reads(variable))
                            .as("%s reads %s", service, variable)
                            .isTrue());
        }
        Map<String, String> gateway =
                chart.named(ConfigMap.class, name("gateway-service")).getData();
        for (String service : Repository.SERVICES) {
            if (service.equals("gateway-service")) {
                continue;
            }
            String key =
                    "ISTHMUS_GATEWAY_SERVICES_" + ServiceProperties.environmentName(service.replace("-service", ""));
            URI uri = URI.create(gateway.get(key));
            Service target = chart.named(Service.class, uri.getHost());
            assertThat(target.getSpec().getPorts())
                    .extracting(ServicePort::getPort)
                    .containsExactly(uri.getPort());
        }
    }

    @Test
    void theArchiveKeepsItsFilesOnAVolume() {
        PersistentVolumeClaim claim = defaults.named(PersistentVolumeClaim.class, RenderedChart.RELEASE + "-archive");
        Deployment archive = defaults.named(Deployment.class, name("dicomweb-service"));

        assertThat(archive.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(volume -> volume.getPersistentVolumeClaim() != null)
                .singleElement()
                .satisfies(
                        volume -> assertThat(volume.getPersistentVolumeClaim().getClaimName())
                                .isEqualTo(claim.getMetadata().getName()));
        assertThat(container(archive).getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/lib/isthmus/archive"));
        assertThat(defaults.named(ConfigMap.class, name("dicomweb-service")).getData())
                .containsEntry("ISTHMUS_DICOMWEB_STORAGE", "/var/lib/isthmus/archive");
        // one ReadWriteOnce volume: never two pods at once, not even during a rollout
        assertThat(archive.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(production
                        .named(PersistentVolumeClaim.class, RenderedChart.RELEASE + "-archive")
                        .getSpec()
                        .getAccessModes())
                .containsExactly("ReadWriteMany");
        assertThat(production
                        .named(Deployment.class, name("dicomweb-service"))
                        .getSpec()
                        .getStrategy())
                .isNull();
    }

    @Test
    void productionValuesPublishTheGatewayThroughAnIngressWithTls() {
        var ingress =
                production.named(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, RenderedChart.RELEASE);

        assertThat(ingress.getSpec().getTls())
                .singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly("imaging.hospital.example"));
        assertThat(ingress.getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo(name("gateway-service"));
        assertThat(defaults.all(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class))
                .isEmpty();
    }

    @Test
    void anOperatorCanPublishMllpAndDicomOnNodePortsAndSwitchPoliciesOff() {
        RenderedChart chart = RenderedChart.render(
                Optional.empty(),
                command -> command.set("tcpServices.type", "NodePort")
                        .set("tcpServices.mllp.nodePort", 30575)
                        .set("tcpServices.archiveDicom.nodePort", 31112)
                        .set("tcpServices.worklistDicom.nodePort", 31113)
                        .set("networkPolicy.enabled", false));

        for (var expected : Map.of("mllp", 30575, "archive-dicom", 31112, "worklist-dicom", 31113)
                .entrySet()) {
            Service tcp = chart.named(Service.class, RenderedChart.RELEASE + "-" + expected.getKey());
            assertThat(tcp.getSpec().getType()).isEqualTo("NodePort");
            assertThat(tcp.getSpec().getPorts().getFirst().getNodePort()).isEqualTo(expected.getValue());
        }
        assertThat(chart.all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void renderingRefusesAMissingIssuer() {
        assertThatThrownBy(() -> RenderedChart.render(Optional.empty(), command -> command.set("oidc.issuerUri", "")))
                .hasMessageContaining("oidc.issuerUri is required");
    }

    private static void assertTcpService(
            RenderedChart chart, String suffix, String service, int port, int containerPort) {
        Service tcp = chart.named(Service.class, RenderedChart.RELEASE + "-" + suffix);
        Deployment deployment = chart.named(Deployment.class, name(service));

        assertThat(tcp.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(tcp.getSpec().getSelector());
        assertThat(tcp.getSpec().getPorts()).singleElement().satisfies(servicePort -> {
            assertThat(servicePort.getPort()).isEqualTo(port);
            assertThat(containerPort(deployment, servicePort.getTargetPort().getStrVal()))
                    .isEqualTo(containerPort);
        });
    }

    private static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    private static int containerPort(Deployment deployment, String name) {
        return container(deployment).getPorts().stream()
                .filter(port -> name.equals(port.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + name + " in "
                        + deployment.getMetadata().getName()));
    }
}
