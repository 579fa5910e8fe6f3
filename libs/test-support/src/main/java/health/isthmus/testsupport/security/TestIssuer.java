package health.isthmus.testsupport.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An OAuth2 issuer for tests, one per test JVM: it serves its JWKS over HTTP on loopback and signs RS256
 * access tokens the way the auth-server does ({@code roles} claim, audience {@code isthmus}), so services
 * validate them exactly as in production.
 */
public final class TestIssuer {

    private static volatile TestIssuer instance;

    private final RSAKey key;
    private final String issuer;

    private TestIssuer(RSAKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** The issuer of this test JVM, started on first use. */
    public static synchronized TestIssuer get() {
        if (instance == null) {
            try {
                RSAKey key = new RSAKeyGenerator(2048)
                        .keyID(UUID.randomUUID().toString())
                        .generate();
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                server.createContext("/oauth2/jwks", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    exchange.getResponseBody().write(jwks);
                    exchange.close();
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-issuer-stop"));
                instance = new TestIssuer(
                        key, "http://127.0.0.1:" + server.getAddress().getPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** The {@code iss} of every token. */
    public String issuer() {
        return issuer;
    }

    /** Where services fetch the signing keys. */
    public String jwkSetUri() {
        return issuer + "/oauth2/jwks";
    }

    /** A valid bearer token for a client with the given roles. */
    public String token(String subject, String... roles) {
        return sign(subject, List.of(roles), "isthmus", Instant.now().plus(Duration.ofMinutes(10)));
    }

    /** A valid bearer token for a client limited to the given sites (the {@code sites} claim). */
    public String tokenForSites(List<String> sites, String subject, String... roles) {
        return sign(subject, List.of(roles), "isthmus", Instant.now().plus(Duration.ofMinutes(10)), sites);
    }

    /** A token that expired a minute ago. */
    public String expiredToken(String subject, String... roles) {
        return sign(subject, List.of(roles), "isthmus", Instant.now().minus(Duration.ofMinutes(1)));
    }

    /** A valid token issued for another audience. */
    public String tokenForAudience(String audience, String subject, String... roles) {
        return sign(subject, List.of(roles), audience, Instant.now().plus(Duration.ofMinutes(10)));
    }

    private String sign(String subject, List<String> roles, String audience, Instant expiry) {
        return sign(subject, roles, audience, expiry, List.of());
    }

    private String sign(String subject, List<String> roles, String audience, Instant expiry, List<String> sites) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        if (!sites.isEmpty()) {
            builder.claim("sites", sites);
        }
        JWTClaimsSet claims = builder.issuer(issuer)
                .subject(subject)
                .audience(List.of(subject, audience))
                .claim("roles", roles)
                .claim("client_id", subject)
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .notBeforeTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
