package health.isthmus.dicomweb.ingest;

import health.isthmus.dicomweb.storage.StoredBlob;
import java.time.Instant;

/**
 * An instance to index: its header, its durable file and who sent it.
 *
 * @param header the parsed header
 * @param blob the stored Part 10 file
 * @param source the sender
 * @param receivedAt when the archive took it
 */
public record NewInstance(InstanceHeader header, StoredBlob blob, IngestSource source, Instant receivedAt) {}
