package health.isthmus.dicomweb.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A blob being written: its bytes go to {@link #output()}, the digest is computed as they pass, and nothing is
 * visible under a key before {@link #commit()}. Closing an uncommitted blob discards it.
 */
public interface PendingBlob extends Closeable {

    /** Where the content is written; do not close it, {@link #commit()} does. */
    OutputStream output();

    /**
     * Starts the content digest at a byte offset of the blob (at most the bytes written so far plus what is
     * buffered): {@link StoredBlob#contentSha256()} then covers the bytes from there on. Call before writing past it.
     */
    void markContentStart(long offset);

    /** Re-reads what was written so far (after the output is flushed), for example to parse a header before commit. */
    InputStream reread() throws IOException;

    /** The bytes written so far. */
    long size();

    /**
     * Ends writing and computes the digests, so the key is known while the content is not yet durable; {@link
     * #commit()} may then run on another thread. Sealing twice answers the same.
     */
    SealedBlob seal() throws IOException;

    /** Makes the content durable under its digest's key (sealing it first); the same bytes twice yield one blob. */
    StoredBlob commit() throws IOException;

    /** Discards the content unless committed. */
    @Override
    void close() throws IOException;
}
