package health.isthmus.dicomweb.storage;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The blob store the archive writes to: the filesystem store under the configured root, cleared at start of the
 * partial files a process that died while writing left behind.
 */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    /** Partial files untouched for this long are leftovers of a process that died while writing them. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(BlobStoreConfiguration.class);

    @Bean
    BlobStore blobStore(StorageProperties properties) throws IOException {
        FilesystemBlobStore store = new FilesystemBlobStore(properties.root(), properties.fsync());
        int removed = store.removeAbandonedPartials(ABANDONED_AFTER);
        if (removed > 0) {
            log.info("removed {} partial blob file(s) a previous process left unfinished", removed);
        }
        return store;
    }
}
