package health.isthmus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The decoder behind the cache is a stand-in that answers from a table (the signature check itself is Spring's and
 * is exercised by every service IT with real tokens); what is tested is what the cache adds.
 */
class VerifiedTokenCacheTest {

    private final Map<String, Jwt> issued = new HashMap<>();
    private final List<String> verifications = new ArrayList<>();
    private final JwtDecoder strictDecoder = token -> {
        verifications.add(token);
        Jwt jwt = issued.get(token);
        if (jwt == null) {
            throw new BadJwtException("bad signature");
        }
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(Instant.now())) {
            throw new JwtValidationException("expired", List.of(new OAuth2Error("invalid_token", "Jwt expired", null)));
        }
        return jwt;
    };

    @Test
    void aTokenUsedAgainIsVerifiedOnceAndAnswersTheSameClaims() {
        issue("viewer", Instant.now().plus(Duration.ofMinutes(5)));
        VerifiedTokenCache cache = new VerifiedTokenCache(100);
        JwtDecoder decoder = cache.around(strictDecoder);

        Jwt first = decoder.decode("viewer");
        Jwt second = decoder.decode("viewer");

        assertThat(second.getSubject()).isEqualTo("viewer").isEqualTo(first.getSubject());
        assertThat(verifications).containsExactly("viewer");
    }

    @Test
    void aRememberedTokenThatHasSinceExpiredIsRefused() {
        // expired beyond the 60 s clock skew the time window allows
        issue("stale", Instant.now().minus(Duration.ofMinutes(3)));
        JwtDecoder lenientFirstTime = new JwtDecoder() {
            private boolean first = true;

            @Override
            public Jwt decode(String token) {
                if (first) {
                    first = false;
                    return issued.get(token);
                }
                return strictDecoder.decode(token);
            }
        };
        VerifiedTokenCache cache = new VerifiedTokenCache(100);
        JwtDecoder decoder = cache.around(lenientFirstTime);
        decoder.decode("stale");

        assertThatThrownBy(() -> decoder.decode("stale")).isInstanceOf(JwtValidationException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aRefusedTokenIsNotRememberedAndIsCheckedEachTime() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100);
        JwtDecoder decoder = cache.around(strictDecoder);

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).containsExactly("forged", "forged");
        assertThat(cache.size()).isZero();
    }

    @Test
    void noMoreTokensThanTheCapacityAreKept() {
        VerifiedTokenCache cache = new VerifiedTokenCache(3);
        JwtDecoder decoder = cache.around(strictDecoder);
        for (int i = 0; i < 10; i++) {
            issue("t" + i, Instant.now().plus(Duration.ofMinutes(5)));
            decoder.decode("t" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        // still correct after being emptied: a forgotten token is verified again
        decoder.decode("t0");
        assertThat(verifications.stream().filter("t0"::equals)).hasSize(2);
    }

    private void issue(String subject, Instant expiresAt) {
        issued.put(
                subject,
                Jwt.withTokenValue(subject)
                        .header("alg", "RS256")
                        .subject(subject)
                        .issuedAt(expiresAt.minus(Duration.ofMinutes(10)))
                        .expiresAt(expiresAt)
                        .build());
    }
}
