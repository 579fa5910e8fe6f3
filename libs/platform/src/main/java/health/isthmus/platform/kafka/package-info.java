/** Kafka conventions: CloudEvents binary headers, bounded retries and dead-letter topics. */
@NullMarked
package health.isthmus.platform.kafka;

import org.jspecify.annotations.NullMarked;
