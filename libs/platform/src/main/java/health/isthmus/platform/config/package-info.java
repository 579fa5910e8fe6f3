/** Platform defaults every service starts from: Kafka, security, actuator, logging and the standalone profile. */
@NullMarked
package health.isthmus.platform.config;

import org.jspecify.annotations.NullMarked;
