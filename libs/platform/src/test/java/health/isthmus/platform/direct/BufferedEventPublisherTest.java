package health.isthmus.platform.direct;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.platform.audit.SecurityAudit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BufferedEventPublisherTest {

    @Test
    void withKafkaUnreachablePublishingNeverBlocksAndEveryLostRecordIsCounted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> settings =
                new HashMap<>(BufferedEventPublisher.producerSettings("127.0.0.1:" + closedPort, "test"));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditEventRecorded login =
                SecurityAudit.login("auth-server", "dev-clinician", "127.0.0.1", null, Instant.now());

        try (BufferedEventPublisher publisher = new BufferedEventPublisher(
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer()),
                JsonMapper.builder().build(),
                "auth-server",
                2,
                Clock.systemUTC(),
                meters)) {
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                publisher.publish(login, null);
            }
            // twenty requests were not held up by an absent Kafka
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            // the buffer holds two (and the sender one more): the rest are dropped at once, the others after
            // max.block.ms
            assertThat(meters.counter("isthmus.direct.events.dropped").count()).isGreaterThanOrEqualTo(17);
            for (int i = 0;
                    i < 100 && meters.counter("isthmus.direct.events.dropped").count() < 20;
                    i++) {
                Thread.sleep(50);
            }
            assertThat(meters.counter("isthmus.direct.events.dropped").count()).isEqualTo(20);
            assertThat(meters.counter("isthmus.direct.events.sent").count()).isZero();
        }
    }
}
