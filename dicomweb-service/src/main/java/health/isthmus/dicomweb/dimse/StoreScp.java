package health.isthmus.dicomweb.dimse;

import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.StoreHandler;
import health.isthmus.dicom.dimse.StoreRequest;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * The C-STORE SCP: each instance goes through the archive's ingest, and the response status is sent only once the
 * file is durable and the index committed (0000), or names why not (0111 duplicate with other content, A900 data set
 * unusable, C000 unreadable, A700 storage or index unavailable).
 */
@Component
public class StoreScp implements StoreHandler {

    private final InstanceIngest ingest;

    public StoreScp(InstanceIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public DimseStatus store(StoreRequest request, InputStream dataSet) {
        IngestOutcome outcome = ingest.storeDataset(
                IngestSource.dimse(
                        request.callingAeTitle(), request.association().remoteAddress()),
                request.sopClassUid(),
                request.sopInstanceUid(),
                request.transferSyntax(),
                dataSet);
        return outcome.reason() == null
                ? DimseStatus.of(outcome.status())
                : DimseStatus.of(outcome.status(), truncate(outcome.reason()));
    }

    /** Error Comment (0000,0902) is an LO: at most 64 characters. */
    private static String truncate(String reason) {
        return reason.length() <= 64 ? reason : reason.substring(0, 64);
    }
}
