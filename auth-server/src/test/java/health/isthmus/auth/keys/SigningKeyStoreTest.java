package health.isthmus.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void keyGeneratedOnFirstStartIsReusedOnTheNext() throws Exception {
        Path keyDirectory = dataDir.resolve("auth-server");

        RSAKey first = new SigningKeyStore(keyDirectory).loadOrCreate();
        RSAKey second = new SigningKeyStore(keyDirectory).loadOrCreate();

        assertThat(first.getKeyID()).isNotBlank();
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
        assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
    }

    @Test
    void generatedKeyIsAnRs256SigningKeyOfAtLeast2048Bits() {
        RSAKey key = new SigningKeyStore(dataDir).loadOrCreate();

        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(key.size()).isGreaterThanOrEqualTo(2048);
        assertThat(key.isPrivate()).isTrue();
    }

    @Test
    void keyFileIsReadableByItsOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        Path keyDirectory = dataDir.resolve("auth-server");
        var store = new SigningKeyStore(keyDirectory);

        store.loadOrCreate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.keyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDirectory)))
                .isEqualTo("rwx------");
        try (var files = Files.list(keyDirectory)) {
            assertThat(files).containsExactly(store.keyFile());
        }
    }

    @Test
    void corruptKeyFileStopsTheStartInsteadOfBeingReplaced() throws Exception {
        var store = new SigningKeyStore(dataDir);
        Files.writeString(store.keyFile(), "{\"kty\":\"RSA\"");

        assertThatThrownBy(store::loadOrCreate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(store.keyFile().toString());
        assertThat(Files.readString(store.keyFile())).isEqualTo("{\"kty\":\"RSA\"");
    }

    @Test
    void publicOnlyKeyFileIsRejected() throws Exception {
        var store = new SigningKeyStore(dataDir.resolve("a"));
        RSAKey key = store.loadOrCreate();
        var publicOnly = new SigningKeyStore(dataDir.resolve("b"));
        Files.createDirectories(publicOnly.keyFile().getParent());
        Files.writeString(publicOnly.keyFile(), key.toPublicJWK().toJSONString());

        assertThatThrownBy(publicOnly::loadOrCreate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RSA private JWK");
    }
}
