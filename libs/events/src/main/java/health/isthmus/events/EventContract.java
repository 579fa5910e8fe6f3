package health.isthmus.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event record on the wire: its logical type, its major version and the topic it travels on.
 *
 * <p>The wire type is {@code <type>.v<version>} (for example {@code hl7.PatientRegistered.v1}); it never
 * leaks a Java class name, so contracts can move between packages without breaking consumers. Within one
 * major version only additive changes are allowed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventContract {

    /** Logical type, {@code <producer>.<PastTenseFact>}, for example {@code hl7.PatientRegistered}. */
    String type();

    /** Major version of the contract. */
    int version();

    /** Kafka topic, {@code <producer>.<aggregate>.v<major>}. */
    String topic();
}
