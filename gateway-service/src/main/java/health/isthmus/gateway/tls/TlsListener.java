package health.isthmus.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * A second Reactor Netty server on the TLS port, bound to the application's own {@link HttpHandler}: the same
 * security chain, routes and filters as the HTTP listener, over TLS 1.2 or 1.3 only. Requests arriving here are
 * HTTPS, so Spring Security adds HSTS to their answers.
 */
@Component
@ConditionalOnBooleanProperty("isthmus.gateway.tls.enabled")
public class TlsListener implements SmartLifecycle {

    private final TlsSettings settings;
    private final HttpHandler httpHandler;
    private volatile @Nullable DisposableServer server;

    public TlsListener(TlsSettings settings, HttpHandler httpHandler) {
        this.settings = settings;
        this.httpHandler = httpHandler;
    }

    @Override
    public void start() {
        Http11SslContextSpec tls = Http11SslContextSpec.forServer(keyManagers())
                .configure(builder -> builder.protocols("TLSv1.3", "TLSv1.2"));
        server = HttpServer.create()
                .port(settings.port())
                .secure(spec -> spec.sslContext(tls))
                .handle(new ReactorHttpHandlerAdapter(httpHandler))
                .bindNow();
    }

    private KeyManagerFactory keyManagers() {
        try (InputStream in = Files.newInputStream(Path.of(settings.keyStore()))) {
            char[] password = settings.keyStorePassword().toCharArray();
            KeyStore keyStore = KeyStore.getInstance(settings.keyStoreType());
            keyStore.load(in, password);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS key store " + settings.keyStore(), e);
        }
    }

    /** The port the listener is bound to (the configured one, or the one the system chose for port 0). */
    public int port() {
        DisposableServer bound = server;
        if (bound == null) {
            throw new IllegalStateException("the TLS listener is not running");
        }
        return bound.port();
    }

    @Override
    public void stop() {
        DisposableServer bound = server;
        if (bound != null) {
            bound.disposeNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
