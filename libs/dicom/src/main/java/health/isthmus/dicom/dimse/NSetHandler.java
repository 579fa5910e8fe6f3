package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import java.io.IOException;

/**
 * The N-SET SCP for one SOP class: applies the modification list to an existing instance; throw {@link
 * DimseException} for failures such as 0112 no such object instance or 0110 processing failure (a completed MPPS
 * may no longer be changed).
 */
@FunctionalInterface
public interface NSetHandler {

    NResponse set(NRequest request, Attributes modifications) throws IOException;
}
