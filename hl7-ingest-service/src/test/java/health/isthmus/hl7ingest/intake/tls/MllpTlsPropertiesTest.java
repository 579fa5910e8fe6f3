package health.isthmus.hl7ingest.intake.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.hl7.mllp.MllpClientAuth;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class MllpTlsPropertiesTest {

    private static final ValidatorFactory validation = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        validation.close();
    }

    @Test
    void offByDefaultWithTheSameLimitsAsThePlainListenerAndClientCertificatesNeeded() {
        MllpTlsProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.port()).isEqualTo(2576);
        assertThat(properties.clientAuth()).isEqualTo(MllpClientAuth.NEED);
        assertThat(properties.maxMessageSize()).isEqualTo(DataSize.ofMegabytes(10));
        assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.maxConnections()).isEqualTo(200);
        assertThat(properties.keyStore().type()).isEqualTo("PKCS12");
        assertThat(properties.allowedClientFingerprints()).isEmpty();
    }

    @Test
    void bindsClientAuthenticationAndAllowlists() {
        MllpTlsProperties properties = bind(Map.of(
                "enabled", "true",
                "key-store.path", "/etc/isthmus/mllp.p12",
                "client-auth", "want",
                "allowed-client-fingerprints", "AB:".repeat(31) + "AB," + "cd".repeat(32),
                "allowed-client-subjects[0]", "CN=his,O=General Hospital"));

        assertThat(properties.clientAuth()).isEqualTo(MllpClientAuth.WANT);
        assertThat(properties.allowedClientFingerprints()).hasSize(2);
        assertThat(properties.allowedClientSubjects()).containsExactly("CN=his,O=General Hospital");
    }

    @Test
    void anEnabledListenerWithoutKeyStoreIsRefusedAtStartup() {
        assertThatThrownBy(() -> bind(Map.of("enabled", "true")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("key-store.path is required");
    }

    @Test
    void aMalformedFingerprintIsRefusedAtStartup() {
        assertThatThrownBy(() -> bind(Map.of("allowed-client-fingerprints", "AB:CD")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("SHA-256");
    }

    private static MllpTlsProperties bind(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put("isthmus.hl7-ingest.tls." + key, value));
        Binder binder = new Binder(new MapConfigurationPropertySource(prefixed));
        ValidationBindHandler validate =
                new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator()));
        return binder.bindOrCreate("isthmus.hl7-ingest.tls", Bindable.of(MllpTlsProperties.class), validate);
    }
}
