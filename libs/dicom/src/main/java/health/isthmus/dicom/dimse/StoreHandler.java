package health.isthmus.dicom.dimse;

import java.io.IOException;
import java.io.InputStream;

/**
 * The C-STORE SCP: receives each instance's data set as a stream that reads straight from the association, in the
 * negotiated transfer syntax and without file meta information, so it can be written to disk as it arrives. The
 * returned status is sent only after the handler returns: return Success once the instance is durable.
 *
 * <p>Throw {@link DimseException} to answer a specific failure; an {@link IOException} from the handler's own
 * storage is answered with Out of Resources (A700). What the handler leaves unread is skipped.
 */
@FunctionalInterface
public interface StoreHandler {

    DimseStatus store(StoreRequest request, InputStream dataSet) throws IOException;
}
