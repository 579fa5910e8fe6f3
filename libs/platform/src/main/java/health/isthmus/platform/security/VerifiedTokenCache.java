package health.isthmus.platform.security;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The tokens a service has verified. A viewer loading a study sends the same bearer token with hundreds of requests;
 * the signature, issuer and audience of that exact string were checked on its first use and cannot have changed, so
 * later uses only check the token's time window again (an expired token goes back to the full decoder, which refuses
 * it with the usual error). Tokens that fail are never remembered. At most {@code capacity} tokens are kept: when full,
 * expired ones are dropped, and if that is not enough, all of them. ADR 0012.
 */
public final class VerifiedTokenCache {

    /** How many verified tokens a service remembers unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final OAuth2TokenValidator<Jwt> timeWindow = new JwtTimestampValidator();
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    public VerifiedTokenCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A decoder that asks {@code decoder} only for tokens not remembered (or no longer in their time window). */
    public JwtDecoder around(JwtDecoder decoder) {
        return new Remembering(decoder, this);
    }

    /** The verified token, when remembered and still inside its time window. */
    public @Nullable Jwt remembered(String token) {
        Jwt known = verified.get(token);
        if (known == null) {
            return null;
        }
        if (timeWindow.validate(known).hasErrors()) {
            verified.remove(token);
            return null;
        }
        return known;
    }

    /** Remembers a token the full decoder has just accepted; tokens without an expiry are not kept. */
    public void remember(String token, Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return;
        }
        if (verified.size() >= capacity) {
            makeRoom();
        }
        verified.put(token, jwt);
    }

    /** How many verified tokens are remembered now. */
    int size() {
        return verified.size();
    }

    private void makeRoom() {
        for (Iterator<Jwt> tokens = verified.values().iterator(); tokens.hasNext(); ) {
            if (timeWindow.validate(tokens.next()).hasErrors()) {
                tokens.remove();
            }
        }
        if (verified.size() >= capacity) {
            verified.clear();
        }
    }

    /** The servlet services' decoder. */
    static final class Remembering implements JwtDecoder {

        private final JwtDecoder decoder;
        private final VerifiedTokenCache cache;

        Remembering(JwtDecoder decoder, VerifiedTokenCache cache) {
            this.decoder = decoder;
            this.cache = cache;
        }

        @Override
        public Jwt decode(String token) {
            Jwt known = cache.remembered(token);
            if (known != null) {
                return known;
            }
            Jwt jwt = decoder.decode(token);
            cache.remember(token, jwt);
            return jwt;
        }
    }
}
