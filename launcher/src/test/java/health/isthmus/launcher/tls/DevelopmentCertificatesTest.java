package health.isthmus.launcher.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates are made once per class with the JDK's real keytool (a few seconds). */
class DevelopmentCertificatesTest {

    @TempDir
    static Path data;

    private static DevelopmentTls tls;

    @BeforeAll
    static void make() throws Exception {
        tls = DevelopmentCertificates.ofRunningJdk().ensure(data.resolve("tls"));
    }

    @Test
    void theServerCertificateNamesLocalhostAndChainsToTheDevelopmentAuthority() throws Exception {
        KeyStore server = load(tls.serverKeyStore());
        X509Certificate leaf = (X509Certificate) server.getCertificate("server");

        assertThat(leaf.getSubjectX500Principal().getName()).startsWith("CN=localhost");
        assertThat(leaf.getSubjectAlternativeNames().stream()
                        .map(name -> String.valueOf(name.get(1)))
                        .toList())
                .contains("localhost", "127.0.0.1");
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(server.getCertificateChain("server")).hasSize(2);
        PKIXParameters trustingTheAuthority = new PKIXParameters(load(tls.trustStore()));
        trustingTheAuthority.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(
                        CertificateFactory.getInstance("X.509")
                                .generateCertPath(List.of(server.getCertificateChain("server"))),
                        trustingTheAuthority);
    }

    @Test
    void aHisPresentingItsDevelopmentClientCertificateCompletesAMutualTls12Or13Handshake() throws Exception {
        SSLContext serverSide = context(tls.serverKeyStore(), tls.trustStore());
        SSLContext hisSide = context(tls.hisClientKeyStore(), tls.trustStore());
        try (SSLServerSocket listener =
                (SSLServerSocket) serverSide.getServerSocketFactory().createServerSocket(0)) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            CompletableFuture<String> clientSeen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    InputStream in = accepted.getInputStream();
                    int ping = in.read();
                    accepted.getOutputStream().write(ping);
                    return accepted.getSession().getPeerPrincipal().getName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket his =
                    (SSLSocket) hisSide.getSocketFactory().createSocket("localhost", listener.getLocalPort())) {
                OutputStream out = his.getOutputStream();
                out.write(42);
                out.flush();
                assertThat(his.getInputStream().read()).isEqualTo(42);
                assertThat(his.getSession().getPeerPrincipal().getName()).startsWith("CN=localhost");
            }
            assertThat(clientSeen.get()).startsWith("CN=his-development");
        }
    }

    @Test
    void aSecondStartKeepsTheCertificatesAndThePasswordIsTheOwnersOnly() throws Exception {
        X509Certificate first = (X509Certificate) load(tls.serverKeyStore()).getCertificate("server");

        DevelopmentTls again = DevelopmentCertificates.ofRunningJdk().ensure(data.resolve("tls"));

        X509Certificate second = (X509Certificate) load(again.serverKeyStore()).getCertificate("server");
        assertThat(second.getSerialNumber()).isEqualTo(first.getSerialNumber());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        data.resolve("tls").resolve(DevelopmentCertificates.PASSWORD_FILE))))
                .isEqualTo("rw-------");
        try (var left = Files.list(data)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("tls");
        }
    }

    @Test
    void theServicesGetTheListenersSettingsExceptThoseTheOperatorSet() {
        Map<String, String> settings = tls.serviceEnvironment(Map.of("ISTHMUS_MLLP_TLS_CLIENT_AUTH", "want"));

        assertThat(settings)
                .containsEntry("ISTHMUS_GATEWAY_TLS_ENABLED", "true")
                .containsEntry(
                        "ISTHMUS_GATEWAY_TLS_KEYSTORE", tls.serverKeyStore().toString())
                .containsEntry("ISTHMUS_MLLP_TLS_ENABLED", "true")
                .containsEntry("ISTHMUS_MLLP_TLS_TRUSTSTORE", tls.trustStore().toString())
                .doesNotContainKey("ISTHMUS_MLLP_TLS_CLIENT_AUTH");
        assertThat(tls.toString()).doesNotContain(tls.password());
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, tls.password().toCharArray());
        }
        return keyStore;
    }

    private static SSLContext context(Path keys, Path trust) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(load(keys), tls.password().toCharArray());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(load(trust));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
