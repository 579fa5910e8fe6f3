package health.isthmus.dicomweb.storage;

/**
 * A blob whose content is complete and digested but not yet durable or visible under its key.
 *
 * @param key the key it will have
 * @param sha256 the SHA-256 digest of the content, lower-case hex
 * @param size the content's length in bytes
 * @param contentSha256 the digest of the bytes from the content mark on (see {@link PendingBlob#markContentStart})
 */
public record SealedBlob(String key, String sha256, long size, String contentSha256) {}
