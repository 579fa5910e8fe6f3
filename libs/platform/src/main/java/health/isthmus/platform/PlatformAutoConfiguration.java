package health.isthmus.platform;

import health.isthmus.platform.audit.ApplicationStartAudit;
import health.isthmus.platform.audit.ReadAuditCommit;
import health.isthmus.platform.audit.SecurityAlerts;
import health.isthmus.platform.db.PlatformMigrations;
import health.isthmus.platform.housekeeping.EventTablesHousekeeping;
import health.isthmus.platform.housekeeping.EventTablesProperties;
import health.isthmus.platform.inbox.EventInbox;
import health.isthmus.platform.kafka.DeadLetterConfiguration;
import health.isthmus.platform.outbox.EventPublisher;
import health.isthmus.platform.outbox.OutboxProperties;
import health.isthmus.platform.outbox.OutboxRelay;
import health.isthmus.platform.outbox.TransactionalOutbox;
import health.isthmus.platform.security.ResourceServerSecurityConfiguration;
import health.isthmus.platform.web.CorrelationIdFilter;
import health.isthmus.platform.web.ProblemDetailsAdvice;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the platform into a servlet-based Isthmus service. */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        },
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({JdbcClient.class, KafkaTemplate.class})
@EnableConfigurationProperties({OutboxProperties.class, EventTablesProperties.class})
@Import({ResourceServerSecurityConfiguration.class, DeadLetterConfiguration.class, ProblemDetailsAdvice.class})
public class PlatformAutoConfiguration {

    // Kafka's own default for delivery.timeout.ms
    private static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy platformMigrations() {
        return new PlatformMigrations();
    }

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> kafka,
            OutboxProperties properties,
            @Value("${spring.application.name}") String applicationName,
            Clock clock,
            MeterRegistry meters) {
        Object deliveryTimeout =
                kafka.getProducerFactory().getConfigurationProperties().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        Duration producerDeliveryTimeout = Duration.ofMillis(
                deliveryTimeout == null ? DEFAULT_DELIVERY_TIMEOUT_MS : Long.parseLong(deliveryTimeout.toString()));
        return new OutboxRelay(
                jdbc, transactions, kafka, properties, producerDeliveryTimeout, applicationName, clock, meters);
    }

    @Bean
    TransactionalOutbox eventPublisher(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, Clock clock) {
        return new TransactionalOutbox(jdbc, json, relay, clock);
    }

    @Bean
    SecurityAlerts securityAlerts(
            @Value("${spring.application.name}") String applicationName,
            EventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        return new SecurityAlerts(applicationName, events, transactions, clock);
    }

    @Bean
    ReadAuditCommit readAuditCommit(JdbcClient jdbc, @Value("${isthmus.audit.durable-reads:false}") boolean durable) {
        return new ReadAuditCommit(jdbc, durable);
    }

    @Bean
    ApplicationStartAudit applicationStartAudit(
            @Value("${spring.application.name}") String applicationName,
            ConfigurableEnvironment environment,
            JdbcClient jdbc,
            EventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        return new ApplicationStartAudit(applicationName, environment, jdbc, events, transactions, clock);
    }

    @Bean
    EventInbox eventInbox(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json,
            @Value("${spring.kafka.consumer.group-id}") String consumer,
            Clock clock) {
        return new EventInbox(jdbc, transactions, json, consumer, clock);
    }

    @Bean
    EventTablesHousekeeping eventTablesHousekeeping(
            JdbcClient jdbc, EventTablesProperties properties, Clock clock, MeterRegistry meters) {
        return new EventTablesHousekeeping(jdbc, properties, clock, meters);
    }

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
