package health.isthmus.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Date;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the RS256 signing key as a private JWK in {@value #FILE_NAME} inside one directory.
 *
 * <p>The first start generates the key (RSA {@value #KEY_SIZE} bits, key id = RFC 7638 thumbprint) and writes it
 * atomically (temporary file, fsync, rename) with owner-only permissions; every later start reads the same key, so
 * tokens issued before a restart stay valid. A file that cannot be read as an RSA private key stops the start
 * instead of being replaced, because replacing it would silently invalidate every token in circulation. One
 * auth-server process owns a key directory.
 */
public final class SigningKeyStore {

    static final String FILE_NAME = "signing-key.jwk.json";
    static final int KEY_SIZE = 3072;

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path directory;

    public SigningKeyStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Path of the key file. */
    public Path keyFile() {
        return directory.resolve(FILE_NAME);
    }

    /** Reads the persisted key, generating and persisting one first if there is none. */
    public RSAKey loadOrCreate() {
        Path file = keyFile();
        if (Files.exists(file)) {
            RSAKey key = read(file);
            log.info("Using signing key {} from {}", key.getKeyID(), file);
            return key;
        }
        RSAKey key = generate();
        write(key, file);
        log.info("Generated signing key {} and stored it in {}", key.getKeyID(), file);
        return key;
    }

    private static RSAKey read(Path file) {
        try {
            JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate() || rsa.getKeyID() == null) {
                throw new IllegalStateException(
                        "Signing key file " + file + " does not hold an RSA private JWK with a key id");
            }
            return rsa;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read signing key file " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("Signing key file " + file + " is not a valid JWK", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(KEY_SIZE)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .issueTime(new Date())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
    }

    private void write(RSAKey key, Path file) {
        @Nullable Path temp = null;
        try {
            createDirectory();
            temp = POSIX
                    ? Files.createTempFile(directory, ".signing-key", ".tmp", ownerOnly("rw-------"))
                    : Files.createTempFile(directory, ".signing-key", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key.toJSONString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the signing key in " + directory, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (POSIX) {
            Files.createDirectory(directory, ownerOnly("rwx------"));
        } else {
            Files.createDirectory(directory);
        }
    }

    // makes the rename itself durable; not every platform can open a directory, which only costs durability there
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Cannot fsync directory {}: {}", directory, e.toString());
        }
    }

    private static void deleteQuietly(@Nullable Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("Cannot delete temporary key file {}: {}", temp, e.toString());
        }
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
