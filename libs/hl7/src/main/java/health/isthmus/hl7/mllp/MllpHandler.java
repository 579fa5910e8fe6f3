package health.isthmus.hl7.mllp;

/** Handles one received message and returns the reply to send back on the same connection. */
@FunctionalInterface
public interface MllpHandler {

    /**
     * @param message the frame's content, in the sender's character set
     * @param peer who sent it
     * @return the reply's bytes (an acknowledgment), written back before the next message is read
     */
    byte[] handle(byte[] message, MllpPeer peer);
}
