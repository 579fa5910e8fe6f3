package health.isthmus.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture rules every module keeps. Use them from a module's test:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "health.isthmus.worklist", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchTests houseRules = ArchTests.in(HouseRules.class);
 * }
 * }</pre>
 */
public final class HouseRules {

    /** Domain code is plain Java: no framework, persistence, messaging or protocol library types. */
    @ArchTest
    public static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses()
            .that()
            .resideInAPackage("..domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "java.sql..",
                    "javax.sql..",
                    "org.apache.kafka..",
                    "ca.uhn..",
                    "tools.jackson..",
                    "jakarta.servlet..")
            .allowEmptyShould(true)
            .because("STYLE.md: HAPI, Kafka, JDBC and Spring stay in adapters");

    /** Feature packages do not depend on each other in a circle. */
    @ArchTest
    public static final ArchRule NO_CYCLES_BETWEEN_FEATURES = slices().matching("health.isthmus.(*).(*)..")
            .namingSlices("$1.$2")
            .should()
            .beFreeOfCycles()
            .allowEmptyShould(true);

    /** Dependencies arrive through constructors. */
    @ArchTest
    public static final ArchRule NO_FIELD_INJECTION = NO_CLASSES_SHOULD_USE_FIELD_INJECTION.allowEmptyShould(true);

    /** Output goes through SLF4J, never to System.out or System.err. */
    @ArchTest
    public static final ArchRule NO_STANDARD_STREAMS = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.allowEmptyShould(true);

    /** One logging facade. */
    @ArchTest
    public static final ArchRule NO_JAVA_UTIL_LOGGING = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.allowEmptyShould(true);

    private HouseRules() {}
}
