package health.isthmus.dicom.testing;

import health.isthmus.testsupport.tls.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;

/** PEM copies of the test key stores, for DCMTK's TLS options. */
public final class PemFiles {

    private PemFiles() {}

    /** Writes {@code <name>.key} (PKCS#8, unencrypted) and {@code <name>.pem} next to each other; returns the key. */
    public static Path export(Path keyStore, Path dir, String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        Key key = store.getKey("key", TestCertificates.PASSWORD.toCharArray());
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(
                dir.resolve(name + ".pem"),
                pem("CERTIFICATE", store.getCertificate("key").getEncoded()),
                StandardCharsets.US_ASCII);
        return keyFile;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
