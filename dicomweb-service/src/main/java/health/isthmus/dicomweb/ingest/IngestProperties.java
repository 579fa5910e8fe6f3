package health.isthmus.dicomweb.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How instances are taken in ({@code isthmus.dicomweb.ingest}).
 *
 * @param duplicates what becomes of other content for a SOP Instance UID already stored (refuse, keep or replace)
 */
@ConfigurationProperties("isthmus.dicomweb.ingest")
public record IngestProperties(@DefaultValue("REFUSE") DuplicatePolicy duplicates) {}
