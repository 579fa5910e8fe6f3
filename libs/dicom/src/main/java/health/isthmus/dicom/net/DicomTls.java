package health.isthmus.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * DICOM secure transport (PS3.15 B.9, TLS 1.2/1.3): the TLS context and whether a server asks clients for a
 * certificate. Only TLS 1.2 and 1.3 are enabled.
 *
 * @param context the key material (a server's certificate, a client's optional one) and trusted peers
 * @param clientAuth for servers: NONE, WANT (ask, admit without) or NEED (refuse clients without a trusted one)
 */
public record DicomTls(SSLContext context, ClientAuth clientAuth) {

    /** The enabled protocols. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Whether a server asks for client certificates. */
    public enum ClientAuth {
        NONE,
        WANT,
        NEED
    }

    /**
     * A context from PKCS#12 files: a key store (may be null for a client without certificate) and a trust store
     * (null: the JVM's default trust).
     */
    public static DicomTls fromKeyStores(
            @Nullable Path keyStore, @Nullable Path trustStore, char[] password, ClientAuth clientAuth)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password), password);
        }
        TrustManagerFactory trust = null;
        if (trustStore != null) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, password));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
                keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return new DicomTls(context, clientAuth);
    }

    private static KeyStore load(Path path, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        return store;
    }
}
