/** The single-node KRaft Kafka broker that runs in a JVM of its own. */
@NullMarked
package health.isthmus.launcher.kafka;

import org.jspecify.annotations.NullMarked;
