/** Events sent straight to Kafka, without an outbox, by the services that have no database (gateway, auth-server). */
@NullMarked
package health.isthmus.platform.direct;

import org.jspecify.annotations.NullMarked;
