package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import java.io.IOException;

/**
 * The N-CREATE SCP for one SOP class (for example Modality Performed Procedure Step). Returns the status and the
 * created instance's UID (which it assigns when the request carries none); throw {@link DimseException} for a
 * failure status such as 0111 duplicate SOP instance or 0120 missing attribute.
 */
@FunctionalInterface
public interface NCreateHandler {

    NResponse create(NRequest request, Attributes attributes) throws IOException;
}
