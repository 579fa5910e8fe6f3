package health.isthmus.dicomweb.storage;

/**
 * A blob durably stored.
 *
 * @param key the store's key, derived from the digest (never from anything a sender chose)
 * @param sha256 the SHA-256 digest of the content, lower-case hex
 * @param size the content's length in bytes
 * @param contentSha256 the SHA-256 digest of the bytes from the content mark on (for a Part 10 file: its data set
 *     without the File Meta Information, which names the sender), lower-case hex; the whole blob's without a mark
 * @param alreadyStored true when the same bytes were stored before (the write changed nothing)
 */
public record StoredBlob(String key, String sha256, long size, String contentSha256, boolean alreadyStored) {}
