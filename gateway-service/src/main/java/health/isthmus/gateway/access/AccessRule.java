package health.isthmus.gateway.access;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;

/**
 * One row of the access matrix: requests with {@code method} (any method when null) on one of {@code paths}
 * (Spring path patterns, {@code /**} also matching the bare prefix) are allowed to {@code roles}; an empty role set
 * with {@code deny} false means any authenticated caller, {@code deny} true means nobody.
 */
public record AccessRule(
        String service, @Nullable HttpMethod method, List<String> paths, Set<String> roles, boolean deny) {

    public AccessRule {
        paths = List.copyOf(paths);
        roles = Set.copyOf(roles);
    }

    static AccessRule allow(String service, @Nullable HttpMethod method, List<String> paths, String... roles) {
        return new AccessRule(service, method, paths, Set.of(roles), false);
    }

    static AccessRule authenticated(String service, @Nullable HttpMethod method, List<String> paths) {
        return new AccessRule(service, method, paths, Set.of(), false);
    }

    static AccessRule deny(String service, List<String> paths) {
        return new AccessRule(service, null, paths, Set.of(), true);
    }
}
