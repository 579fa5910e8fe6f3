package health.isthmus.platform.direct;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link BufferedEventPublisher} for a service that has Kafka's client but not the platform's outbox (the gateway
 * and the auth-server), sending to {@code isthmus.direct-events.bootstrap-servers}; only where
 * {@code isthmus.direct-events.enabled=true} (the services with an outbox use it instead).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(KafkaProducer.class)
@ConditionalOnProperty(name = "isthmus.direct-events.enabled", havingValue = "true")
public class DirectEventsAutoConfiguration {

    @Bean(destroyMethod = "close")
    BufferedEventPublisher bufferedEventPublisher(
            @Value("${isthmus.direct-events.bootstrap-servers}") String bootstrapServers,
            @Value("${isthmus.direct-events.buffer-capacity:10000}") int capacity,
            @Value("${spring.application.name}") String applicationName,
            JsonMapper json,
            MeterRegistry meters) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                BufferedEventPublisher.producerSettings(bootstrapServers, applicationName),
                new StringSerializer(),
                new ByteArraySerializer());
        return new BufferedEventPublisher(producer, json, applicationName, capacity, Clock.systemUTC(), meters);
    }
}
