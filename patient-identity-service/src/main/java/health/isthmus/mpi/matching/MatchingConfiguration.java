package health.isthmus.mpi.matching;

import health.isthmus.mpi.matching.domain.MatchingEngine;
import health.isthmus.mpi.matching.domain.Nicknames;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The matching engine over the PostgreSQL candidate index, with the configured settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MatchingProperties.class)
public class MatchingConfiguration {

    @Bean
    MatchingEngine matchingEngine(JdbcCandidateIndex index, MatchingProperties properties) {
        return new MatchingEngine(index, properties.settings(), Nicknames.standard());
    }
}
