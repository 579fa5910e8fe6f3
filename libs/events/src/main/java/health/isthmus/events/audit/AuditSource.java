package health.isthmus.events.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The system that recorded the action (PS3.15 A.5 AuditSourceIdentification).
 *
 * @param sourceId the service name, for example {@code hl7-ingest-service}
 * @param site the site the action concerns, when one is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditSource(String sourceId, @Nullable String site) {}
