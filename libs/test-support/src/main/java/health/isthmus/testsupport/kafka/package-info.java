/** A real Kafka broker (embedded KRaft), one per test JVM. */
@NullMarked
package health.isthmus.testsupport.kafka;

import org.jspecify.annotations.NullMarked;
