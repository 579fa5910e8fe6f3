/** Transactional outbox: events written in the state change's transaction and relayed to Kafka in commit order. */
@NullMarked
package health.isthmus.platform.outbox;

import org.jspecify.annotations.NullMarked;
