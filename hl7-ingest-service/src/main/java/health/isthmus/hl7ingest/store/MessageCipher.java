package health.isthmus.hl7ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts raw messages for the store with AES-256-GCM. Each message gets a fresh 96-bit nonce; the
 * message's identity (MSH-3, MSH-4, MSH-10) is authenticated with it, so a ciphertext moved to another row
 * does not decrypt. The sealed form is {@code nonce || ciphertext || tag}; the key id is kept beside it.
 */
@Component
public class MessageCipher {

    private static final Logger log = LoggerFactory.getLogger(MessageCipher.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    public MessageCipher(StoreProperties properties) {
        StoreProperties.Encryption encryption = properties.encryption();
        Map<String, SecretKey> known = new HashMap<>();
        encryption.previousKeys().forEach((id, key) -> known.put(id, decode(id, key)));
        this.activeKeyId = encryption.keyId();
        known.put(activeKeyId, activeKey(encryption));
        this.keys = Map.copyOf(known);
    }

    /** The id of the key new messages are sealed with. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** Encrypts a message's text under the active key, bound to its identity. */
    public byte[] seal(String rawText, String identity) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            byte[] plain = rawText.getBytes(StandardCharsets.UTF_8);
            ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plain.length));
            sealed.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a sealed message.
     *
     * @throws TamperedMessageException when the key is unknown or the ciphertext, its nonce or its identity
     *     was altered
     */
    public String open(byte[] sealed, String keyId, String identity) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new TamperedMessageException("message was sealed with key '" + keyId + "', which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new TamperedMessageException("stored message failed its integrity check");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The identity a message's ciphertext is bound to. */
    static String identity(String sendingApplication, String sendingFacility, String controlId) {
        return sendingApplication + '\u001f' + sendingFacility + '\u001f' + controlId;
    }

    private static SecretKey activeKey(StoreProperties.Encryption encryption) {
        if (encryption.key() != null && !encryption.key().isBlank()) {
            return decode(encryption.keyId(), encryption.key());
        }
        if (encryption.keyFile() == null) {
            throw new IllegalStateException("no key to encrypt stored HL7 messages: set ISTHMUS_HL7_STORE_KEY to 32"
                    + " random bytes in base64 (for example: openssl rand -base64 32)");
        }
        return decode(encryption.keyId(), keyFromFile(encryption.keyFile()));
    }

    private static String keyFromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, encoded, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect the key
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn(
                    "generated a development key for the HL7 message store at {}; production sets ISTHMUS_HL7_STORE_KEY",
                    file);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the message store key " + file, e);
        }
    }

    private static SecretKey decode(String id, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("message store key '" + id + "' is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(
                    "message store key '" + id + "' has " + key.length + " bytes; AES-256 needs " + KEY_BYTES);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** A stored message could not be decrypted: it was altered, or its key is gone. */
    public static final class TamperedMessageException extends RuntimeException {
        TamperedMessageException(String message) {
            super(message);
        }
    }
}
