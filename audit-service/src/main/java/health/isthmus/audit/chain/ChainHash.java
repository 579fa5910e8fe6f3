package health.isthmus.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The link of the chain: a row's hash is SHA-256 over the previous row's hash followed by the row's canonical text. */
public final class ChainHash {

    /** The previous hash of the first record ever stored. */
    public static final byte[] GENESIS = new byte[32];

    private ChainHash() {}

    /** SHA-256(previous || UTF-8 bytes of canonical). */
    public static byte[] next(byte[] previous, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous);
            sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
