package health.isthmus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Keycloak realm that docker-compose.yml imports gives tokens every service accepts: issuer, audience
 * {@code isthmus}, the six roles in the claim {@code roles}, the user attribute {@code sites} in the claim
 * {@code sites}; and it offers the development clients and users of the embedded auth-server.
 */
class KeycloakRealmTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ROLES =
            List.of("admin", "radiologist", "technologist", "clinician", "auditor", "integration");

    private static JsonNode realm;
    private static Map<String, Object> authServer;

    @BeforeAll
    static void load() {
        realm = JSON.readTree(Repository.read("deploy/keycloak/isthmus-realm.json"));
        Map<String, Object> standalone = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Repository.read("auth-server/src/main/resources/application-standalone.yml"));
        authServer = ComposeFile.map(
                ComposeFile.<Object>map(standalone.get("isthmus")).get("auth"));
    }

    @Test
    void readsIntoKeycloaksOwnRepresentationsWithoutUnknownFields() throws Exception {
        // Keycloak's import skips fields it does not know; here a misspelt one fails
        var strict = new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        RealmRepresentation representation =
                strict.readValue(Repository.read("deploy/keycloak/isthmus-realm.json"), RealmRepresentation.class);
        String profile = representation
                .getComponents()
                .getFirst("org.keycloak.userprofile.UserProfileProvider")
                .getConfig()
                .getFirst("kc.user.profile.config");
        UPConfig userProfile = strict.readValue(profile, UPConfig.class);

        assertThat(representation.getClients())
                .extracting(ClientRepresentation::getClientId)
                .contains("isthmus-viewer", "dev-admin");
        assertThat(userProfile.getAttribute("sites")).isNotNull();
        assertThat(userProfile.getAttribute("username")).isNotNull();
        assertThat(ComposeFile.load().service("keycloak").get("image"))
                .as("the image whose representations are checked here")
                .isEqualTo("quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version"));
    }

    @Test
    void holdsTheSixPlatformRoles() {
        assertThat(realm.get("realm").asString()).isEqualTo("isthmus");
        assertThat(realm.get("enabled").asBoolean()).isTrue();
        assertThat(values(realm.path("roles").path("realm"), "name")).containsExactlyInAnyOrderElementsOf(ROLES);
        assertThat(Repository.read("auth-server/src/main/java/health/isthmus/auth/Role.java"))
                .contains(ROLES.stream().map(String::toUpperCase).toList());
    }

    @Test
    void everyClientsTokensCarryAudienceRolesAndSites() {
        for (JsonNode client : realm.get("clients")) {
            String id = client.get("clientId").asString();
            JsonNode audience = mapper(client, "oidc-audience-mapper");
            assertThat(audience.path("config").path("included.custom.audience").asString())
                    .as(id)
                    .isEqualTo("isthmus");
            assertThat(audience.path("config").path("access.token.claim").asString())
                    .isEqualTo("true");

            JsonNode roles = mapper(client, "oidc-usermodel-realm-role-mapper").path("config");
            assertThat(roles.path("claim.name").asString()).as(id).isEqualTo("roles");
            assertThat(roles.path("multivalued").asString()).isEqualTo("true");
            assertThat(roles.path("access.token.claim").asString()).isEqualTo("true");

            JsonNode sites = mapper(client, "oidc-usermodel-attribute-mapper").path("config");
            assertThat(sites.path("user.attribute").asString()).as(id).isEqualTo("sites");
            assertThat(sites.path("claim.name").asString()).isEqualTo("sites");
            assertThat(sites.path("multivalued").asString()).isEqualTo("true");
            assertThat(sites.path("access.token.claim").asString()).isEqualTo("true");
        }
        // the audience and the roles claim are what the services require
        String platform = Repository.read("libs/platform/src/main/resources/isthmus/platform/defaults.yml");
        assertThat(platform).contains("audiences: isthmus").contains("authorities-claim-name: roles");
    }

    @Test
    void mirrorsTheDevelopmentClientsOfTheEmbeddedAuthServer() {
        for (Map<String, Object> expected : ComposeFile.<Map<String, Object>>list(authServer.get("clients"))) {
            String id = expected.get("id").toString();
            JsonNode client = client(id);
            if (Boolean.TRUE.equals(expected.get("public-client"))) {
                assertThat(client.get("publicClient").asBoolean()).as(id).isTrue();
                assertThat(client.get("standardFlowEnabled").asBoolean()).isTrue();
                assertThat(client.path("attributes")
                                .path("pkce.code.challenge.method")
                                .asString())
                        .isEqualTo("S256");
                assertThat(values(client.get("redirectUris"), null))
                        .containsExactlyInAnyOrderElementsOf(ComposeFile.list(expected.get("redirect-uris")));
                continue;
            }
            assertThat(client.get("serviceAccountsEnabled").asBoolean()).as(id).isTrue();
            assertThat(client.get("standardFlowEnabled").asBoolean()).as(id).isFalse();
            assertThat(client.get("secret").asString()).isEqualTo(id + "-secret");
            JsonNode serviceAccount = user("service-account-" + id);
            assertThat(serviceAccount.get("serviceAccountClientId").asString()).isEqualTo(id);
            assertThat(values(serviceAccount.get("realmRoles"), null))
                    .as("roles of %s", id)
                    .containsExactlyInAnyOrderElementsOf(ComposeFile.list(expected.get("roles")));
            assertThat(values(serviceAccount.path("attributes").path("sites"), null))
                    .as("sites of %s", id)
                    .containsExactlyInAnyOrderElementsOf(
                            expected.containsKey("sites") ? ComposeFile.list(expected.get("sites")) : List.of());
        }
    }

    @Test
    void offersTheDevelopmentUsersWithTheirRolesAndSites() {
        for (Map<String, Object> expected : ComposeFile.<Map<String, Object>>list(authServer.get("users"))) {
            String username = expected.get("username").toString();
            JsonNode user = user(username);
            assertThat(values(user.get("realmRoles"), null))
                    .as(username)
                    .containsExactlyInAnyOrderElementsOf(ComposeFile.list(expected.get("roles")));
            assertThat(user.path("credentials").get(0).path("value").asString()).isEqualTo(expected.get("password"));
            assertThat(values(user.path("attributes").path("sites"), null))
                    .as("sites of %s", username)
                    .isNotEmpty()
                    .allSatisfy(site -> assertThat(site).isIn("GENHOSP", "NORTHCLINIC"));
        }
        // Keycloak keeps only attributes its user profile declares: sites must be one, edited by admins only
        JsonNode profile = JSON.readTree(realm.path("components")
                .path("org.keycloak.userprofile.UserProfileProvider")
                .get(0)
                .path("config")
                .path("kc.user.profile.config")
                .get(0)
                .asString());
        JsonNode sites = find(profile.get("attributes"), "name", "sites")
                .orElseThrow(() -> new AssertionError("the user profile does not declare sites"));
        assertThat(sites.get("multivalued").asBoolean()).isTrue();
        assertThat(values(sites.path("permissions").path("edit"), null)).containsExactly("admin");
    }

    @Test
    void composeValidatesTheIssuerKeycloakWritesIntoTokens() {
        Map<String, String> keycloak =
                ComposeFile.environment(ComposeFile.load().service("keycloak"));
        String issuer =
                keycloak.get("KC_HOSTNAME") + "/realms/" + realm.get("realm").asString();
        for (String service : Repository.SERVICES) {
            assertThat(ComposeFile.environment(ComposeFile.load().service(service)))
                    .as(service)
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", issuer);
        }
    }

    private static JsonNode client(String id) {
        return find(realm.get("clients"), "clientId", id).orElseThrow(() -> new AssertionError("no client " + id));
    }

    private static JsonNode user(String username) {
        return find(realm.get("users"), "username", username)
                .orElseThrow(() -> new AssertionError("no user " + username));
    }

    private static JsonNode mapper(JsonNode client, String type) {
        List<JsonNode> mappers = StreamSupport.stream(
                        client.path("protocolMappers").spliterator(), false)
                .filter(mapper -> mapper.path("protocolMapper").asString().equals(type))
                .toList();
        assertThat(mappers).as("%s mappers of %s", type, client.get("clientId")).hasSize(1);
        return mappers.getFirst();
    }

    private static Optional<JsonNode> find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(element -> element.path(field).asString().equals(value))
                .findFirst();
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode element : array) {
            values.add(field == null ? element.asString() : element.path(field).asString());
        }
        return values;
    }
}
