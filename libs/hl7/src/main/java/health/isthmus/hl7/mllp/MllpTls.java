package health.isthmus.hl7.mllp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * TLS for MLLP: a key store (the listener's certificate, or a client's), an optional trust store (the
 * certificates or authorities whose peers are trusted; the JVM's default trust when absent), client
 * authentication and an allowlist of client certificates. Only TLS 1.2 and TLS 1.3 are ever enabled.
 *
 * <pre>{@code
 * MllpTls tls = MllpTls.builder()
 *         .keyStore(Path.of("/etc/isthmus/mllp.p12"), password, "PKCS12")
 *         .trustStore(Path.of("/etc/isthmus/his-clients.p12"), trustPassword, "PKCS12")
 *         .clientAuth(MllpClientAuth.NEED)
 *         .allowlist(MllpClientAllowlist.of(fingerprints, subjects))
 *         .build();
 * MllpServer server = new MllpServer(settings, handler, tls);
 * }</pre>
 */
public final class MllpTls {

    /** The protocols an MLLP TLS connection may use; older ones are refused. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final boolean hasKeys;
    private final MllpClientAuth clientAuth;
    private final MllpClientAllowlist allowlist;
    private final List<String> protocols;

    private MllpTls(Builder builder, SSLContext context) {
        this.context = context;
        this.hasKeys = builder.keyManagers != null;
        this.clientAuth = builder.clientAuth;
        this.allowlist = builder.allowlist;
        this.protocols = builder.protocols;
    }

    /** A builder; a server needs at least {@link Builder#keyStore}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The TLS context, for callers that need it directly. */
    public SSLContext sslContext() {
        return context;
    }

    /** Whether listeners ask clients for a certificate. */
    public MllpClientAuth clientAuth() {
        return clientAuth;
    }

    /** The client certificates admitted after the handshake. */
    public MllpClientAllowlist allowlist() {
        return allowlist;
    }

    /** The enabled protocols, a subset of {@link #PROTOCOLS}. */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * Server sockets with TLS 1.2/1.3 only and the configured client authentication. Handshakes do not happen
     * in {@code accept()}; {@link MllpServer} runs them on each connection's own thread.
     *
     * @throws IllegalStateException when no key store was given
     */
    public SSLServerSocketFactory serverSocketFactory() {
        if (!hasKeys) {
            throw new IllegalStateException("an MLLP TLS listener needs a key store");
        }
        return new ConfiguredServerSocketFactory(context.getServerSocketFactory(), serverParameters());
    }

    /**
     * Client sockets presenting the key store's certificate (if any) and trusting the trust store, for
     * {@link MllpClient#MllpClient(String, int, java.time.Duration, SSLSocketFactory)}.
     */
    public SSLSocketFactory clientSocketFactory() {
        return context.getSocketFactory();
    }

    private SSLParameters serverParameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        switch (clientAuth) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> {
                parameters.setNeedClientAuth(false);
                parameters.setWantClientAuth(false);
            }
        }
        return parameters;
    }

    /** Builds an {@link MllpTls}. */
    public static final class Builder {

        private KeyManager @Nullable [] keyManagers;
        private TrustManager @Nullable [] trustManagers;
        private MllpClientAuth clientAuth = MllpClientAuth.NEED;
        private MllpClientAllowlist allowlist = MllpClientAllowlist.open();
        private List<String> protocols = PROTOCOLS;

        private Builder() {}

        /**
         * The certificate and private key to present, from a key store file.
         *
         * @param type {@code PKCS12} (recommended) or {@code JKS}; the key's password is the store's
         */
        public Builder keyStore(Path path, char[] password, String type) throws IOException, GeneralSecurityException {
            return keyStore(load(path, password, type), password);
        }

        /** The certificate and private key to present, from a loaded key store. */
        public Builder keyStore(KeyStore keyStore, char[] keyPassword) throws GeneralSecurityException {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, keyPassword);
            keyManagers = factory.getKeyManagers();
            return this;
        }

        /** The certificates (or issuing authorities) of trusted peers, from a key store file. */
        public Builder trustStore(Path path, char[] password, String type)
                throws IOException, GeneralSecurityException {
            return trustStore(load(path, password, type));
        }

        /** The certificates (or issuing authorities) of trusted peers. */
        public Builder trustStore(KeyStore trustStore) throws GeneralSecurityException {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            trustManagers = factory.getTrustManagers();
            return this;
        }

        /** Whether a listener asks clients for a certificate; {@link MllpClientAuth#NEED} by default. */
        public Builder clientAuth(MllpClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth);
            return this;
        }

        /** The client certificates a listener admits; open (every trusted client) by default. */
        public Builder allowlist(MllpClientAllowlist allowlist) {
            this.allowlist = Objects.requireNonNull(allowlist);
            return this;
        }

        /**
         * Narrows the protocols, for example to TLS 1.3 alone.
         *
         * @throws IllegalArgumentException for anything but {@code TLSv1.2} and {@code TLSv1.3}
         */
        public Builder protocols(String... protocols) {
            List<String> requested = Arrays.asList(protocols);
            if (requested.isEmpty() || !PROTOCOLS.containsAll(requested)) {
                throw new IllegalArgumentException("MLLP TLS allows only " + PROTOCOLS + ", not " + requested);
            }
            this.protocols = List.copyOf(requested);
            return this;
        }

        /** Creates the TLS context. */
        public MllpTls build() throws GeneralSecurityException {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return new MllpTls(this, context);
        }

        private static KeyStore load(Path path, char[] password, String type)
                throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password);
            }
            return store;
        }
    }

    /** Applies the protocols and client authentication to every server socket it creates. */
    private static final class ConfiguredServerSocketFactory extends SSLServerSocketFactory {

        private final SSLServerSocketFactory delegate;
        private final SSLParameters parameters;

        ConfiguredServerSocketFactory(SSLServerSocketFactory delegate, SSLParameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return configure(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return configure(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return configure(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return configure(delegate.createServerSocket(port, backlog, address));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        private ServerSocket configure(ServerSocket socket) {
            SSLServerSocket secure = (SSLServerSocket) socket;
            secure.setSSLParameters(parameters);
            return secure;
        }
    }
}
