package health.isthmus.launcher.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A development certificate authority and the certificates it signs, made with the JDK's {@code keytool} at the
 * first start with {@code --tls} and kept in the data directory ({@code tls/}), so that every later start, every
 * client and every browser that trusted the authority once keeps working.
 *
 * <p>Made: {@code ca.p12} (the authority's key; EC P-256, ten years), {@code ca.crt} (its certificate, PEM, for
 * clients: {@code curl --cacert}, DCMTK {@code +cf}, a browser's trust settings), {@code server.p12} (the key and
 * certificate chain every TLS listener of the stack presents: CN=localhost, subject alternative names localhost and
 * 127.0.0.1, server and client authentication), {@code trust.p12} (the authority's certificate, as listeners' trust
 * store for client certificates), {@code his-client.p12} (a client certificate a development HIS presents to MLLP
 * over TLS) and {@code store-password} (the stores' one password, random, readable by the owner only). Nothing
 * here is fit for production, where the hospital's own authority issues the certificates.
 *
 * <p>The files are made in a folder of their own and moved into place in one step, so a start interrupted while
 * making them leaves nothing half made.
 */
public final class DevelopmentCertificates {

    static final String CA_KEY_STORE = "ca.p12";
    static final String CA_CERTIFICATE = "ca.crt";
    static final String SERVER_KEY_STORE = "server.p12";
    static final String TRUST_STORE = "trust.p12";
    static final String HIS_CLIENT_KEY_STORE = "his-client.p12";
    public static final String PASSWORD_FILE = "store-password";

    private static final String CA_ALIAS = "isthmus-development-ca";
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

    private final Path keytool;

    /** Certificates made with this {@code keytool} executable. */
    public DevelopmentCertificates(Path keytool) {
        this.keytool = keytool;
    }

    /** Certificates made with the {@code keytool} of the JDK running the launcher. */
    public static DevelopmentCertificates ofRunningJdk() {
        return new DevelopmentCertificates(Path.of(System.getProperty("java.home"), "bin", "keytool"));
    }

    /**
     * The development certificates in this folder, made first if the folder does not hold them yet.
     *
     * @throws IOException when keytool fails or the folder cannot be written
     */
    public DevelopmentTls ensure(Path directory) throws IOException, InterruptedException {
        if (!Files.isRegularFile(directory.resolve(PASSWORD_FILE))) {
            make(directory);
        }
        return new DevelopmentTls(
                directory.resolve(SERVER_KEY_STORE),
                directory.resolve(TRUST_STORE),
                directory.resolve(HIS_CLIENT_KEY_STORE),
                directory.resolve(CA_CERTIFICATE),
                Files.readString(directory.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII)
                        .strip());
    }

    private void make(Path directory) throws IOException, InterruptedException {
        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path making = Files.createTempDirectory(parent, directory.getFileName() + ".making-");
        try {
            String password = randomPassword();
            makeIn(making, password);
            Path passwordFile = making.resolve(PASSWORD_FILE);
            Files.writeString(passwordFile, password + "\n", StandardCharsets.US_ASCII);
            ownerOnly(passwordFile);
            try {
                Files.move(making, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                throw new IOException(
                        directory + " exists without " + PASSWORD_FILE
                                + "; remove it to have the development certificates made again",
                        e);
            }
        } finally {
            deleteIfPresent(making);
        }
    }

    private void makeIn(Path dir, String password) throws IOException, InterruptedException {
        Path ca = dir.resolve(CA_KEY_STORE);
        Path caPem = dir.resolve(CA_CERTIFICATE);
        keyPair(
                dir,
                password,
                ca,
                CA_ALIAS,
                "CN=Isthmus Development CA,O=Isthmus development",
                "3650",
                "-ext",
                "bc:c",
                "-ext",
                "ku:c=keyCertSign,cRLSign");
        keytool(
                dir,
                password,
                "-exportcert",
                "-rfc",
                "-alias",
                CA_ALIAS,
                "-keystore",
                ca.toString(),
                "-file",
                caPem.toString());
        trustAuthority(dir, password, dir.resolve(TRUST_STORE));
        signed(
                dir,
                password,
                dir.resolve(SERVER_KEY_STORE),
                "server",
                "CN=localhost,O=Isthmus development",
                List.of("-ext", "san=dns:localhost,ip:127.0.0.1", "-ext", "eku=serverAuth,clientAuth"));
        signed(
                dir,
                password,
                dir.resolve(HIS_CLIENT_KEY_STORE),
                "his-client",
                "CN=his-development,OU=Interfaces,O=Isthmus development",
                List.of("-ext", "eku=clientAuth"));
    }

    /** A key pair in its own store, its certificate signed by the authority, stored with the chain. */
    private void signed(Path dir, String password, Path store, String alias, String subject, List<String> extensions)
            throws IOException, InterruptedException {
        Path ca = dir.resolve(CA_KEY_STORE);
        Path request = dir.resolve(alias + ".csr");
        Path certificate = dir.resolve(alias + ".crt");
        keyPair(dir, password, store, alias, subject, "825");
        keytool(dir, password, "-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of(
                "-gencert",
                "-rfc",
                "-alias",
                CA_ALIAS,
                "-keystore",
                ca.toString(),
                "-infile",
                request.toString(),
                "-outfile",
                certificate.toString(),
                "-validity",
                "825"));
        sign.addAll(extensions);
        keytool(dir, password, sign.toArray(String[]::new));
        trustAuthority(dir, password, store);
        keytool(
                dir,
                password,
                "-importcert",
                "-alias",
                alias,
                "-file",
                certificate.toString(),
                "-keystore",
                store.toString());
        Files.delete(request);
        Files.delete(certificate);
        ownerOnly(store);
    }

    /** An EC P-256 key pair with a self-signed certificate, valid for that many days, in a store of its own. */
    private void keyPair(
            Path dir, String password, Path store, String alias, String subject, String days, String... extensions)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                subject,
                "-validity",
                days,
                "-keystore",
                store.toString()));
        arguments.addAll(List.of(extensions));
        keytool(dir, password, arguments.toArray(String[]::new));
    }

    /** Adds the authority's certificate to a store as trusted (a trust store, or a key store before the chain). */
    private void trustAuthority(Path dir, String password, Path store) throws IOException, InterruptedException {
        keytool(
                dir,
                password,
                "-importcert",
                "-noprompt",
                "-alias",
                CA_ALIAS,
                "-file",
                dir.resolve(CA_CERTIFICATE).toString(),
                "-keystore",
                store.toString());
    }

    private void keytool(Path dir, String password, String... arguments) throws IOException, InterruptedException {
        // a short-lived JVM each time: no optimising compiler, the serial collector
        List<String> command =
                new ArrayList<>(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", "ISTHMUS_KEYTOOL_PASSWORD"));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass:env", "ISTHMUS_KEYTOOL_PASSWORD"));
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("ISTHMUS_KEYTOOL_PASSWORD", password);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool " + arguments[0] + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    "keytool " + arguments[0] + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // a file system without POSIX permissions: the data directory's own protection applies
        }
    }

    private static void deleteIfPresent(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
