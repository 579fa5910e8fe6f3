package health.isthmus.testsupport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Key stores made at test time with the JDK's keytool, so that no private key is ever committed: a server
 * (CN=localhost, SAN localhost and 127.0.0.1), two clients the server trusts, one it does not, a server
 * trust store holding the two trusted clients' certificates and a client trust store holding the server's.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";
    public static final String ALLOWED_SUBJECT = "CN=his-genhosp,OU=Interfaces,O=Isthmus Test";
    public static final String OTHER_SUBJECT = "CN=his-other,O=Isthmus Test";
    public static final String STRANGER_SUBJECT = "CN=stranger,O=Elsewhere";

    public final Path server;
    public final Path allowedClient;
    public final Path otherClient;
    public final Path strangerClient;
    public final Path serverTrust;
    public final Path clientTrust;

    private TestCertificates(Path dir) {
        server = dir.resolve("server.p12");
        allowedClient = dir.resolve("allowed-client.p12");
        otherClient = dir.resolve("other-client.p12");
        strangerClient = dir.resolve("stranger-client.p12");
        serverTrust = dir.resolve("server-trust.p12");
        clientTrust = dir.resolve("client-trust.p12");
    }

    /** Makes every key store in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        TestCertificates certificates = new TestCertificates(dir);
        Map<Path, String> subjects = Map.of(
                certificates.server, "CN=localhost,O=Isthmus Test",
                certificates.allowedClient, ALLOWED_SUBJECT,
                certificates.otherClient, OTHER_SUBJECT,
                certificates.strangerClient, STRANGER_SUBJECT);
        List<Process> running = new ArrayList<>();
        for (Map.Entry<Path, String> entry : subjects.entrySet()) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "key",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    entry.getValue(),
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    entry.getKey().toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD));
            if (entry.getKey().equals(certificates.server)) {
                command.addAll(List.of("-ext", "san=dns:localhost,ip:127.0.0.1"));
            }
            running.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (Process process : running) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        }
        trustStore(certificates.serverTrust, certificates.allowedClient, certificates.otherClient);
        trustStore(certificates.clientTrust, certificates.server);
        return certificates;
    }

    /** The SHA-256 fingerprint of a key store's certificate, colon-separated upper-case hex as keytool prints it. */
    public static String fingerprint(Path keyStore) throws IOException, GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(certificate(keyStore).getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** The certificate of a key store made here. */
    public static X509Certificate certificate(Path keyStore) throws IOException, GeneralSecurityException {
        return (X509Certificate) load(keyStore).getCertificate("key");
    }

    private static void trustStore(Path target, Path... trusted) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Path keyStore : trusted) {
            store.setCertificateEntry(keyStore.getFileName().toString(), certificate(keyStore));
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
