package health.isthmus.dicom.net;

/** The states of an association (a condensed form of the PS3.8 9.2 state machine). */
public enum AssociationState {
    /** Sta2: transport open, waiting for A-ASSOCIATE-RQ (ARTIM running). */
    AWAITING_ASSOCIATE_REQUEST,
    /** Sta5: A-ASSOCIATE-RQ sent, waiting for AC or RJ. */
    AWAITING_ASSOCIATE_RESPONSE,
    /** Sta6: data transfer. */
    ESTABLISHED,
    /** Sta7: A-RELEASE-RQ sent, waiting for A-RELEASE-RP. */
    AWAITING_RELEASE_RESPONSE,
    /** Sta8: A-RELEASE-RQ received, the local user must answer it. */
    RELEASE_REQUESTED,
    /** Sta13/Sta1: released, rejected or aborted; the transport is closed or closing. */
    CLOSED
}
