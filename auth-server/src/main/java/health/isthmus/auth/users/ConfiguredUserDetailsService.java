package health.isthmus.auth.users;

import health.isthmus.auth.AuthProperties;
import health.isthmus.auth.Role;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Looks up login-form users in {@code isthmus.auth.users}. Each user gets the authorities {@code ROLE_<role>};
 * roles and sites reach the tokens through the token customizer, which reads the same configuration.
 */
@Service
class ConfiguredUserDetailsService implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUserDetailsService.class);

    private final Map<String, AuthProperties.User> users;

    ConfiguredUserDetailsService(AuthProperties properties) {
        this.users = properties.users().stream()
                .collect(Collectors.toUnmodifiableMap(AuthProperties.User::username, Function.identity()));
        log.info("Loaded {} login users", users.size());
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("Unknown user");
        }
        // a fresh object every time: the authentication manager erases the password of the instance it returns
        return User.withUsername(user.username())
                .password(AuthProperties.withEncoderId(user.password()))
                .roles(user.roles().stream().map(Role::claimValue).toArray(String[]::new))
                .build();
    }
}
