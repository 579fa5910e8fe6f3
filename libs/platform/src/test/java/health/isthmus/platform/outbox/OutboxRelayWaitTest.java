package health.isthmus.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxRelayWaitTest {

    @Test
    void aSendTimeoutShorterThanTheProducersDeliveryTimeoutIsRaisedAboveIt() {
        // the relay would otherwise give up on a batch the producer is still delivering, and send it twice
        assertThat(OutboxRelay.acknowledgementWait(Duration.ofSeconds(15), Duration.ofSeconds(30)))
                .isEqualTo(Duration.ofSeconds(30).plus(OutboxRelay.DELIVERY_MARGIN));
    }

    @Test
    void aLongerSendTimeoutIsKept() {
        assertThat(OutboxRelay.acknowledgementWait(Duration.ofSeconds(60), Duration.ofSeconds(30)))
                .isEqualTo(Duration.ofSeconds(60));
    }
}
