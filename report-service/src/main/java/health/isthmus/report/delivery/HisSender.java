package health.isthmus.report.delivery;

import health.isthmus.hl7.mllp.MllpClient;
import health.isthmus.hl7.mllp.MllpTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Sends one message to a HIS listener over MLLP (TLS when configured) and returns its reply; one connection each. */
@Component
class HisSender {

    private final DeliveryProperties properties;
    private final @Nullable MllpTls tls;

    HisSender(DeliveryProperties properties) {
        this.properties = properties;
        this.tls = properties.tls().enabled() ? tls(properties.tls()) : null;
    }

    /**
     * @param endpoint {@code host:port}
     * @throws IOException when the HIS cannot be reached or does not answer in time
     */
    byte[] send(String endpoint, String message) throws IOException {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IOException("HIS endpoint '" + endpoint + "' is not host:port");
        }
        String host = endpoint.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("HIS endpoint '" + endpoint + "' is not host:port");
        }
        try (MllpClient client = tls == null
                ? new MllpClient(host, port, properties.ackTimeout())
                : new MllpClient(host, port, properties.ackTimeout(), tls.clientSocketFactory())) {
            return client.exchange(message.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MllpTls tls(DeliveryProperties.Tls settings) {
        String type = settings.storeType() == null ? "PKCS12" : settings.storeType();
        try {
            MllpTls.Builder builder = MllpTls.builder();
            if (settings.trustStore() != null) {
                builder.trustStore(Path.of(settings.trustStore()), password(settings.trustStorePassword()), type);
            }
            if (settings.keyStore() != null) {
                builder.keyStore(Path.of(settings.keyStore()), password(settings.keyStorePassword()), type);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the HIS TLS stores", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS to the HIS", e);
        }
    }

    private static char[] password(@Nullable String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
