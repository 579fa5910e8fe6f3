package health.isthmus.dicomweb.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob store the archive writes to: the filesystem store under the configured root. */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    @Bean
    BlobStore blobStore(StorageProperties properties) {
        return new FilesystemBlobStore(properties.root(), properties.fsync());
    }
}
