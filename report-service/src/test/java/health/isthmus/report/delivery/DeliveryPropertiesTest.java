package health.isthmus.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryPropertiesTest {

    private final DeliveryProperties properties = new DeliveryProperties(
            null,
            Map.of("NORTHCLINIC", "his.north.example:2600"),
            null,
            null,
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            5,
            null,
            null);

    @Test
    void theBackoffDoublesUpToItsBound() {
        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(properties.backoffAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoffAfter(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSiteWithoutItsOwnEndpointUsesTheDefaultHis() {
        assertThat(properties.endpointOf("NORTHCLINIC")).isEqualTo("his.north.example:2600");
        assertThat(properties.endpointOf("GENHOSP")).isEqualTo("localhost:2577");
        assertThat(properties.endpointOf(null)).isEqualTo("localhost:2577");
    }
}
