package health.isthmus.testsupport.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Points the resource server of every {@link WithTestIssuer} test class at the test issuer. */
public final class IssuerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return AnnotatedElementUtils.hasAnnotation(testClass, WithTestIssuer.class)
                ? new IssuerContextCustomizer()
                : null;
    }

    private record IssuerContextCustomizer() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestIssuer issuer = TestIssuer.get();
            TestPropertyValues.of(
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuer(),
                            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri())
                    .applyTo(context);
        }
    }
}
