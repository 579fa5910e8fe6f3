package health.isthmus.testsupport.postgres;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Gives every {@link WithPostgres} test class its own schema on the test server. */
public final class PostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return AnnotatedElementUtils.hasAnnotation(testClass, WithPostgres.class)
                ? new PostgresContextCustomizer(testClass)
                : null;
    }

    private record PostgresContextCustomizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPropertyValues.of(
                            "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                            "spring.datasource.username=postgres",
                            "spring.datasource.password=postgres",
                            "isthmus.db.schema=" + TestPostgres.freshSchema(testClass))
                    .applyTo(context);
        }
    }
}
