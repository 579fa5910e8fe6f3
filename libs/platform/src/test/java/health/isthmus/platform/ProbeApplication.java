package health.isthmus.platform;

import health.isthmus.platform.web.BadRequestException;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service on the platform, for the platform's own tests. */
@SpringBootApplication
class ProbeApplication {

    /** A route for admins only, so that the tests meet a 403 of the service's own rules. */
    @org.springframework.context.annotation.Bean
    health.isthmus.platform.security.HttpAuthorizationRules probeRules() {
        return rules -> rules.requestMatchers("/api/probe/admin/**").hasRole("admin");
    }

    @RestController
    static class ProbeController {

        @GetMapping("/api/probe")
        String probe() {
            return "ok";
        }

        @GetMapping("/api/probe/failure")
        String failure() {
            throw new IllegalStateException("secret internals at com.example.Foo");
        }

        @GetMapping("/api/probe/library-argument")
        String libraryArgument() {
            throw new IllegalArgumentException("secret internals of a library at com.example.Bar");
        }

        @GetMapping("/api/probe/bad-request")
        String badRequest() {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
    }
}
