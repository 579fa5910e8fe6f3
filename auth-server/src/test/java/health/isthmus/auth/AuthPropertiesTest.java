package health.isthmus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class AuthPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues(
                    "isthmus.auth.issuer=http://localhost:9000",
                    "isthmus.auth.key-directory=target/keys",
                    "isthmus.auth.clients[0].id=dev-clinician",
                    "isthmus.auth.clients[0].secret=dev-clinician-secret",
                    "isthmus.auth.clients[0].roles=clinician",
                    "isthmus.auth.clients[0].grant-types=client_credentials");

    @Test
    void bindsRolesAndGrantTypesFromTheirConfigurationSpelling() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            var properties = context.getBean(AuthProperties.class);
            assertThat(properties.tokenTtl()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.clients().getFirst().roles()).containsExactly(Role.CLINICIAN);
            assertThat(properties.clients().getFirst().grantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
            assertThat(properties.clients().getFirst().toString()).doesNotContain("dev-clinician-secret");
        });
    }

    @Test
    void confidentialClientWithoutSecretIsRejectedAtStartup() {
        runner.withPropertyValues("isthmus.auth.clients[0].secret=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("a confidential client needs a secret"));
    }

    @Test
    void unknownRoleIsRejectedAtStartup() {
        runner.withPropertyValues("isthmus.auth.clients[0].roles=superuser")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void missingIssuerIsRejectedAtStartup() {
        runner.withPropertyValues("isthmus.auth.issuer=")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("issuer"));
    }

    @Test
    void configurationWithoutClientsIsRejectedAtStartup() {
        new ApplicationContextRunner()
                .withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("isthmus.auth.issuer=http://localhost:9000", "isthmus.auth.key-directory=k")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("must name at least one client"));
    }

    @Test
    void duplicateClientIdsAreRejectedAtStartup() {
        runner.withPropertyValues(
                        "isthmus.auth.clients[1].id=dev-clinician",
                        "isthmus.auth.clients[1].secret=other",
                        "isthmus.auth.clients[1].grant-types=client_credentials")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("client ids must be unique"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuthProperties.class)
    static class PropertiesOnly {}
}
