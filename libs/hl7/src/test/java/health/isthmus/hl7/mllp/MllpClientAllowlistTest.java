package health.isthmus.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MllpClientAllowlistTest {

    @TempDir
    static Path dir;

    static X509Certificate allowed;
    static X509Certificate other;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        allowed = TestCertificates.certificate(certificates.allowedClient);
        other = TestCertificates.certificate(certificates.otherClient);
    }

    @Test
    void anEmptyAllowlistAdmitsEveryClientIncludingOnesWithoutCertificate() {
        MllpClientAllowlist open = MllpClientAllowlist.of(List.of(), List.of(""));

        assertThat(open.isOpen()).isTrue();
        assertThat(open.admits(other)).isTrue();
        assertThat(open.admits(null)).isTrue();
    }

    @Test
    void fingerprintsMatchWhateverTheirCaseAndSeparators() {
        String hex = MllpClientAllowlist.fingerprint(allowed);
        String keytoolStyle = String.join(":", hex.toUpperCase(Locale.ROOT).split("(?<=\\G..)"));

        MllpClientAllowlist allowlist = MllpClientAllowlist.of(List.of(keytoolStyle), List.of());

        assertThat(allowlist.admits(allowed)).isTrue();
        assertThat(allowlist.admits(other)).isFalse();
        assertThat(allowlist.admits(null)).isFalse();
    }

    @Test
    void subjectsMatchInCanonicalForm() {
        MllpClientAllowlist allowlist =
                MllpClientAllowlist.of(List.of(), List.of("cn=HIS-GENHOSP,  ou=Interfaces, o=Isthmus Test"));

        assertThat(allowlist.admits(allowed)).isTrue();
        assertThat(allowlist.admits(other)).isFalse();
    }

    @Test
    void aMalformedFingerprintIsAConfigurationError() {
        assertThatThrownBy(() -> MllpClientAllowlist.of(List.of("AB:CD"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA-256");
    }
}
