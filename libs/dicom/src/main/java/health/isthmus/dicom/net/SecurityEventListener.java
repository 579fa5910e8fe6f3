package health.isthmus.dicom.net;

import java.util.function.BiConsumer;

/**
 * Hears what a {@link DicomServer} refuses: association requests it rejects and TLS handshakes that fail, for an
 * application to audit. Called on the connection's thread after the refusal was sent; an exception it throws is
 * logged and otherwise ignored.
 */
public interface SecurityEventListener {

    /** Listens to nothing. */
    SecurityEventListener NONE = new SecurityEventListener() {};

    /** An A-ASSOCIATE-RQ was answered with A-ASSOCIATE-RJ (wrong AE title, identity refused, limit reached...). */
    default void associationRefused(RefusedAssociation refused) {}

    /**
     * A TLS handshake failed (no or an untrusted client certificate, no common protocol or cipher suite).
     *
     * @param remoteAddress the peer's IP address
     * @param reason the TLS layer's message
     */
    default void tlsHandshakeFailed(String remoteAddress, String reason) {}

    /**
     * A listener made of two functions, for example an application's audit methods:
     * {@code SecurityEventListener.of(alerts::associationRefused, alerts::tlsHandshakeFailed)}.
     */
    static SecurityEventListener of(
            AssociationRefusals associationRefused, BiConsumer<String, String> tlsHandshakeFailed) {
        return new SecurityEventListener() {
            @Override
            public void associationRefused(RefusedAssociation refused) {
                associationRefused.refused(
                        refused.callingAeTitle(), refused.calledAeTitle(), refused.remoteAddress(), refused.reason());
            }

            @Override
            public void tlsHandshakeFailed(String remoteAddress, String reason) {
                tlsHandshakeFailed.accept(remoteAddress, reason);
            }
        };
    }

    /** What {@link #of} calls for a refused association. */
    @FunctionalInterface
    interface AssociationRefusals {
        void refused(String callingAeTitle, String calledAeTitle, String remoteAddress, String reason);
    }
}
