package health.isthmus.hl7.mllp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * The client certificates an MLLP TLS listener admits after the handshake, by SHA-256 fingerprint of the
 * DER-encoded certificate or by subject distinguished name. An empty allowlist admits every client the
 * TLS handshake accepted; a non-empty one admits only clients presenting a listed certificate.
 */
public final class MllpClientAllowlist {

    private static final MllpClientAllowlist OPEN = new MllpClientAllowlist(Set.of(), Set.of());

    private final Set<String> fingerprints;
    private final Set<X500Principal> subjects;

    private MllpClientAllowlist(Set<String> fingerprints, Set<X500Principal> subjects) {
        this.fingerprints = fingerprints;
        this.subjects = subjects;
    }

    /** An allowlist that admits every client the handshake accepted. */
    public static MllpClientAllowlist open() {
        return OPEN;
    }

    /**
     * An allowlist of certificates.
     *
     * @param fingerprints SHA-256 fingerprints in hex, upper or lower case, colons and spaces ignored
     * @param subjects subject distinguished names (RFC 2253 or RFC 1779), compared in canonical form
     * @throws IllegalArgumentException when a fingerprint is not 64 hex digits or a subject does not parse
     */
    public static MllpClientAllowlist of(Collection<String> fingerprints, Collection<String> subjects) {
        Set<String> normalized = fingerprints.stream()
                .filter(f -> !f.isBlank())
                .map(MllpClientAllowlist::normalizeFingerprint)
                .collect(Collectors.toUnmodifiableSet());
        Set<X500Principal> names = subjects.stream()
                .filter(s -> !s.isBlank())
                .map(X500Principal::new)
                .collect(Collectors.toUnmodifiableSet());
        return new MllpClientAllowlist(normalized, names);
    }

    /** Whether this allowlist admits every client (nothing listed). */
    public boolean isOpen() {
        return fingerprints.isEmpty() && subjects.isEmpty();
    }

    /**
     * Whether a client presenting this certificate (or none) may talk.
     *
     * @param certificate the client's certificate, {@code null} when it presented none
     */
    public boolean admits(@Nullable X509Certificate certificate) {
        if (isOpen()) {
            return true;
        }
        if (certificate == null) {
            return false;
        }
        return subjects.contains(certificate.getSubjectX500Principal())
                || fingerprints.contains(fingerprint(certificate));
    }

    /** The SHA-256 fingerprint of a certificate's DER encoding, lower-case hex without separators. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    private static String normalizeFingerprint(String fingerprint) {
        String hex = fingerprint.replace(":", "").replaceAll("\\s", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): " + fingerprint);
        }
        return hex;
    }
}
