package health.isthmus.dicom.net;

import java.io.IOException;

/**
 * Serves an accepted association until it ends: reads commands, answers them, and answers the peer's release.
 * The DIMSE dispatcher is the usual implementation.
 */
@FunctionalInterface
public interface AssociationHandler {

    void serve(Association association) throws IOException;
}
