package health.isthmus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class SiteScopeTest {

    @Test
    void aClinicianLimitedToOneSiteSeesThatSiteOnlyAndNothingOfUnknownSite() {
        SiteScope scope = SiteScope.of(token("ROLE_clinician", Map.of("sites", List.of("GENHOSP"))));

        assertThat(scope.isGlobal()).isFalse();
        assertThat(scope.allows("GENHOSP")).isTrue();
        assertThat(scope.allows("NORTHCLINIC")).isFalse();
        assertThat(scope.allows(null)).isFalse();
        assertThat(scope.sitesOrNull()).containsExactly("GENHOSP");
    }

    @Test
    void sitesAsASpaceOrCommaSeparatedStringAreReadToo() {
        SiteScope scope = SiteScope.of(token("ROLE_radiologist", Map.of("sites", "GENHOSP, NORTHCLINIC")));

        assertThat(scope.sites()).containsExactlyInAnyOrder("GENHOSP", "NORTHCLINIC");
    }

    @Test
    void adminsAuditorsAndTokensWithoutSitesAreGlobal() {
        assertThat(SiteScope.of(token("ROLE_admin", Map.of("sites", List.of("GENHOSP"))))
                        .isGlobal())
                .isTrue();
        assertThat(SiteScope.of(token("ROLE_auditor", Map.of("sites", List.of("GENHOSP"))))
                        .isGlobal())
                .isTrue();
        SiteScope unlimited = SiteScope.of(token("ROLE_clinician", Map.of()));
        assertThat(unlimited.isGlobal()).isTrue();
        assertThat(unlimited.allows(null)).isTrue();
        assertThat(unlimited.sitesOrNull()).isNull();
    }

    private static JwtAuthenticationToken token(String role, Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("dev-user")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(jwt::claim);
        return new JwtAuthenticationToken(jwt.build(), List.of(new SimpleGrantedAuthority(role)));
    }
}
