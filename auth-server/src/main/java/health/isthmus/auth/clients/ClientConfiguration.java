package health.isthmus.auth.clients;

import health.isthmus.auth.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** Registers the configured clients; they are fixed for the life of the process. */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClientConfiguration.class);

    @Bean
    RegisteredClientRepository registeredClientRepository(AuthProperties properties) {
        var clients = RegisteredClients.from(properties);
        log.info(
                "Registered {} OAuth2 clients: {}",
                clients.size(),
                clients.stream().map(RegisteredClient::getClientId).toList());
        return new InMemoryRegisteredClientRepository(clients);
    }
}
