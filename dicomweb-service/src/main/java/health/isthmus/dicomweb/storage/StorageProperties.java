package health.isthmus.dicomweb.storage;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The blob store's settings ({@code isthmus.dicomweb.storage}).
 *
 * @param root the directory holding the blobs ({@code blobs/}) and files being written ({@code tmp/})
 * @param fsync whether a blob is forced to the storage device (file and directory) before it counts as stored; turn
 *     off only for throwaway test archives
 */
@Validated
@ConfigurationProperties("isthmus.dicomweb.storage")
public record StorageProperties(
        @NotNull Path root, @DefaultValue("true") boolean fsync) {}
