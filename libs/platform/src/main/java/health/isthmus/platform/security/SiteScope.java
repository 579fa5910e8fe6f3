package health.isthmus.platform.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The sites whose patients, orders, studies and reports a caller may see, from the token's {@value #CLAIM} claim.
 *
 * <p>A token without the claim (or with an empty one) is not limited to sites; neither is an {@code admin} or an
 * {@code auditor}, whatever the claim says. A limited caller sees a record only when the record names one of its
 * sites: a record whose site is unknown is outside every limited scope. The claim is a JSON array of site codes
 * ({@code ["GENHOSP"]}), or a string of codes separated by spaces or commas, which is what an identity provider's
 * attribute mapper may produce.
 */
public final class SiteScope {

    /** The token claim naming the caller's sites. */
    public static final String CLAIM = "sites";

    private static final SiteScope GLOBAL = new SiteScope(null);
    private static final Set<String> GLOBAL_ROLES = Set.of("ROLE_admin", "ROLE_auditor");

    private final @Nullable Set<String> sites;

    private SiteScope(@Nullable Set<String> sites) {
        this.sites = sites;
    }

    /** A scope that sees every site, for callers that are not users (a DICOM peer, an internal job). */
    public static SiteScope global() {
        return GLOBAL;
    }

    /** A scope limited to the given sites; an empty set sees nothing. */
    public static SiteScope limitedTo(Collection<String> sites) {
        return new SiteScope(Set.copyOf(sites));
    }

    /** The scope of the request being served: that of the authenticated token, global when there is none. */
    public static SiteScope current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The scope of an authentication: global for admins, auditors and tokens without sites. */
    public static SiteScope of(@Nullable Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return GLOBAL;
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (GLOBAL_ROLES.contains(authority.getAuthority())) {
                return GLOBAL;
            }
        }
        Set<String> claimed = sitesClaimed(jwt.getClaims().get(CLAIM));
        return claimed.isEmpty() ? GLOBAL : new SiteScope(Set.copyOf(claimed));
    }

    private static Set<String> sitesClaimed(@Nullable Object claim) {
        Set<String> sites = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                if (value != null && !value.toString().isBlank()) {
                    sites.add(value.toString().trim());
                }
            }
        } else if (claim instanceof String text) {
            Arrays.stream(text.split("[\\s,]+")).filter(site -> !site.isEmpty()).forEach(sites::add);
        }
        return sites;
    }

    /** Whether the caller sees every site. */
    public boolean isGlobal() {
        return sites == null;
    }

    /** Whether the caller may see a record of this site; a record of unknown site only by a global caller. */
    public boolean allows(@Nullable String site) {
        return sites == null || (site != null && sites.contains(site));
    }

    /**
     * The caller's sites, for a query's {@code site = any(?)} filter; only meaningful when not {@link #isGlobal()}.
     *
     * @throws IllegalStateException for a global scope, which has no list
     */
    public Set<String> sites() {
        if (sites == null) {
            throw new IllegalStateException("a global scope lists no sites");
        }
        return sites;
    }

    /** The caller's sites as an array for a JDBC {@code text[]} parameter, or {@code null} when global. */
    public String @Nullable [] sitesOrNull() {
        return sites == null ? null : sites.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return sites == null ? "all sites" : "sites " + sites;
    }
}
