package health.isthmus.hl7ingest.sender;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.PID;
import health.isthmus.hl7.message.Segments;

/**
 * Gives identifiers without an assigning authority (PID-3 and MRG-1 repetitions with CX.1 but no CX.4.1)
 * the sender's site authority, in the parsed message only; the stored raw text stays as received.
 */
public final class DefaultAssigningAuthority {

    private DefaultAssigningAuthority() {}

    /** Fills the missing authorities of a parsed message. */
    public static void fill(Message message, String authority) {
        if (Segments.first(message, "PID").orElse(null) instanceof PID pid) {
            fill(pid.getPatientIdentifierList(), authority);
        }
        if (Segments.first(message, "MRG").orElse(null) instanceof MRG mrg) {
            fill(mrg.getPriorPatientIdentifierList(), authority);
        }
    }

    private static void fill(CX[] identifiers, String authority) {
        for (CX cx : identifiers) {
            String value = cx.getIDNumber().getValue();
            String namespace = cx.getAssigningAuthority().getNamespaceID().getValue();
            if (value != null && !value.isBlank() && (namespace == null || namespace.isBlank())) {
                try {
                    cx.getAssigningAuthority().getNamespaceID().setValue(authority);
                } catch (HL7Exception e) {
                    throw new IllegalStateException("cannot set the assigning authority", e);
                }
            }
        }
    }
}
