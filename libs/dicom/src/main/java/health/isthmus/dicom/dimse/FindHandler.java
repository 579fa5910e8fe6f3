package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import java.io.IOException;

/**
 * The C-FIND SCP for one information model: matches the identifier and sends each match through the responder.
 * It runs on its own virtual thread while the association keeps reading, so a C-CANCEL reaches it through
 * {@link FindResponder#cancelled()}. Returning ends the query with Success (or Cancel); throw {@link DimseException}
 * for a failure status (for example A700 out of resources, C001 unable to process).
 */
@FunctionalInterface
public interface FindHandler {

    void find(FindRequest request, Attributes identifier, FindResponder responder) throws IOException;
}
