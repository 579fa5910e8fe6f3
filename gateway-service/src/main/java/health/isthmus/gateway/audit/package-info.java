/** Audit of what the gateway refuses itself (401, 403, 413, 429) and of bursts of refusals, sent straight to Kafka. */
@NullMarked
package health.isthmus.gateway.audit;

import org.jspecify.annotations.NullMarked;
