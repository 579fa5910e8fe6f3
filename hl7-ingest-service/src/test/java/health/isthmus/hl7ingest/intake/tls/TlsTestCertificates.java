package health.isthmus.hl7ingest.intake.tls;

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
 * Key stores made at test time with the JDK's keytool (no private key is committed): the listener's
 * (CN=localhost, SAN localhost and 127.0.0.1), an allowed HIS client, a trusted client that is not on the
 * allowlist, the listener's trust store (both clients) and the clients' trust store (the listener).
 */
final class TlsTestCertificates {

    static final String PASSWORD = "changeit";

    final Path server;
    final Path allowedClient;
    final Path otherClient;
    final Path serverTrust;
    final Path clientTrust;

    private TlsTestCertificates(Path dir) {
        server = dir.resolve("server.p12");
        allowedClient = dir.resolve("allowed-client.p12");
        otherClient = dir.resolve("other-client.p12");
        serverTrust = dir.resolve("server-trust.p12");
        clientTrust = dir.resolve("client-trust.p12");
    }

    static TlsTestCertificates create(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        TlsTestCertificates certificates = new TlsTestCertificates(dir);
        Map<Path, String> subjects = Map.of(
                certificates.server, "CN=localhost,O=Isthmus Test",
                certificates.allowedClient, "CN=his-genhosp,OU=Interfaces,O=Isthmus Test",
                certificates.otherClient, "CN=his-other,O=Isthmus Test");
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

    /** The SHA-256 fingerprint as keytool prints it, colon-separated upper-case hex. */
    static String fingerprint(Path keyStore) throws IOException, GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(certificate(keyStore).getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    private static X509Certificate certificate(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return (X509Certificate) store.getCertificate("key");
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
}
