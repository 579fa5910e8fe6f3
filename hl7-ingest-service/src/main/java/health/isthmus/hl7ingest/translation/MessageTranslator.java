package health.isthmus.hl7ingest.translation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import health.isthmus.hl7.message.RawHeader;

/** Reads the messages of one trigger family into events. */
public interface MessageTranslator {

    /** Whether this translator reads messages of this type (MSH-9.1) and trigger (MSH-9.2). */
    boolean handles(String messageType, String trigger);

    /** Reads a parsed message this translator handles. */
    Translation translate(Message message, RawHeader header, String trigger) throws HL7Exception;
}
