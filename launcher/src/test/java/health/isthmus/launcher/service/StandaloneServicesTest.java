package health.isthmus.launcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneServicesTest {

    @Test
    void everyServiceOfThePlatformWithItsHealthPort() {
        assertThat(StandaloneServices.ALL)
                .extracting(ServiceDefinition::name, service -> service.port(Map.of()))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("auth-server", 9000),
                        org.assertj.core.groups.Tuple.tuple("gateway-service", 8080),
                        org.assertj.core.groups.Tuple.tuple("hl7-ingest-service", 8081),
                        org.assertj.core.groups.Tuple.tuple("patient-identity-service", 8082),
                        org.assertj.core.groups.Tuple.tuple("worklist-service", 8083),
                        org.assertj.core.groups.Tuple.tuple("dicomweb-service", 8084),
                        org.assertj.core.groups.Tuple.tuple("report-service", 8085),
                        org.assertj.core.groups.Tuple.tuple("audit-service", 8086));
    }

    @Test
    void authServerStartsAloneBeforeTheOthers() {
        List<ServiceDefinition> firstWave = StandaloneServices.ALL.stream()
                .filter(service -> service.wave() == 1)
                .toList();

        assertThat(firstWave).extracting(ServiceDefinition::name).containsExactly("auth-server");
        assertThat(StandaloneServices.ALL)
                .filteredOn(service -> service.wave() != 1)
                .allMatch(s -> s.wave() == 2);
    }

    @Test
    void portVariablesAreDistinct() {
        assertThat(StandaloneServices.ALL)
                .extracting(ServiceDefinition::portVariable)
                .doesNotHaveDuplicates()
                .allMatch(variable -> variable.startsWith("ISTHMUS_") && variable.endsWith("_PORT"));
    }

    @Test
    void gatewayGetsTheSmallerHeap() {
        assertThat(StandaloneServices.named("gateway-service").heapMegabytes()).isEqualTo(192);
        assertThat(StandaloneServices.ALL)
                .filteredOn(service -> !service.name().equals("gateway-service"))
                .allMatch(service -> service.heapMegabytes() == 256);
    }
}
