package health.isthmus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.gateway.tls.TlsListener;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.testsupport.tls.TlsProtocolProbe;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway with its TLS listener on (a self-signed certificate made by keytool for localhost) and HTTP set to
 * redirect: HTTPS serves the routes with HSTS, HTTP points callers to HTTPS while health stays reachable for probes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.gateway.tls.enabled=true",
            "isthmus.gateway.tls.port=0",
            "isthmus.gateway.tls.key-store-password=changeit",
            "isthmus.gateway.tls.http=redirect"
        })
@WithTestIssuer
class GatewayTlsIT extends GatewayWithStubServices {

    private static final Path KEY_STORE = selfSignedKeyStore();

    @Autowired
    TlsListener tls;

    @DynamicPropertySource
    static void useTheKeyStore(DynamicPropertyRegistry registry) {
        registry.add("isthmus.gateway.tls.key-store", KEY_STORE::toString);
    }

    @Test
    void httpsServesTheRoutesWithHsts() throws Exception {
        String token = TestIssuer.get().token("tls-clinician", "clinician");

        HttpResponse<String> response = answer(
                trustingClient(),
                HttpRequest.newBuilder(URI.create("https://localhost:" + tls.port() + "/fhir/Patient"))
                        .header("Authorization", "Bearer " + token)
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("from the service");
        assertThat(response.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(
                        hsts -> assertThat(hsts).contains("max-age=31536000").contains("includeSubDomains"));
    }

    @Test
    void aClientOfferingOnlyTls11IsRefusedWhileTls12IsAnswered() throws Exception {
        assertThat(TlsProtocolProbe.serverHelloVersion(
                        "127.0.0.1", tls.port(), TlsProtocolProbe.TLS_1_1, Duration.ofSeconds(5)))
                .as("answer to a ClientHello offering TLS 1.1 only")
                .isNull();
        assertThat(TlsProtocolProbe.serverHelloVersion(
                        "127.0.0.1", tls.port(), TlsProtocolProbe.TLS_1_2, Duration.ofSeconds(5)))
                .as("answer to a ClientHello offering TLS 1.2")
                .isEqualTo("0303");
    }

    @Test
    void plainHttpIsRedirectedToHttpsButHealthStays() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> redirected = answer(
                http,
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient?name=x"))
                        .build());
        HttpResponse<String> health = answer(
                http,
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .build());

        assertThat(redirected.statusCode()).isEqualTo(308);
        assertThat(redirected.headers().firstValue("Location"))
                .contains("https://localhost:" + tls.port() + "/fhir/Patient?name=x");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private static HttpClient trustingClient() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEY_STORE)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static Path selfSignedKeyStore() {
        try {
            Path dir = Files.createTempDirectory("gateway-tls");
            Path keyStore = dir.resolve("gateway.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(
                            keytool.toString(),
                            "-genkeypair",
                            "-alias",
                            "gateway",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "SAN=dns:localhost,ip:127.0.0.1",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            keyStore.toString(),
                            "-storepass",
                            "changeit"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            return keyStore;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
