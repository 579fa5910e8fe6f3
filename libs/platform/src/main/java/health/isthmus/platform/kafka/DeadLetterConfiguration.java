package health.isthmus.platform.kafka;

import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * A record whose handling fails is retried with exponential backoff (5 retries, 200 ms to 5 s), then
 * published to {@code <topic>.dlt} with the failure in its headers; consumption then goes on.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    CommonErrorHandler isthmusKafkaErrorHandler(KafkaOperations<?, ?> kafka) {
        var recoverer = new DeadLetterPublishingRecoverer(
                kafka, (record, failure) -> new TopicPartition(record.topic() + ".dlt", -1));
        var backOff = new ExponentialBackOffWithMaxRetries(5);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(5000);
        return new DefaultErrorHandler(recoverer, backOff);
    }
}
