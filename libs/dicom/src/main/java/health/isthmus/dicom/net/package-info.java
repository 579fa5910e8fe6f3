/** The DICOM upper layer (PS3.8): PDUs, association negotiation, the association state machine, TLS, and the server and client that carry DIMSE messages. */
@NullMarked
package health.isthmus.dicom.net;

import org.jspecify.annotations.NullMarked;
