package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import java.io.IOException;

/** Where a C-FIND SCP handler sends its matches, each as a pending response. */
public interface FindResponder {

    /**
     * Sends one match (status Pending). Returns false once the requestor has cancelled the query (C-CANCEL): the
     * handler should stop, and the final response will be Cancel.
     */
    boolean pending(Attributes match) throws IOException;

    /** Whether the requestor has cancelled the query. */
    boolean cancelled();
}
