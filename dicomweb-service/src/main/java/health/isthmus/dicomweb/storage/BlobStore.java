package health.isthmus.dicomweb.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Stores instance files by content. Keys derive from the SHA-256 digest of the content, so no UID or other value a
 * sender chose can steer where a file goes, and the same bytes stored twice occupy one blob.
 */
public interface BlobStore {

    /** Starts writing a blob. */
    PendingBlob create() throws IOException;

    /** Reads a blob from the start. */
    InputStream open(String key) throws IOException;

    /** Opens a blob for reads at any position (frames and bulk data by offset). */
    SeekableByteChannel openChannel(String key) throws IOException;

    /**
     * Whether a file exists under the key. After a crash that may be one whose writer died before forcing it (no
     * index row names it then); the bytes under a key are durable once a commit of them has returned.
     */
    boolean exists(String key);

    /** Removes a blob; removing one that does not exist is not an error. */
    void delete(String key) throws IOException;
}
