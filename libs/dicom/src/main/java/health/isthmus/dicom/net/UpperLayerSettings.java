package health.isthmus.dicom.net;

import health.isthmus.dicom.io.FileMetaInformation;
import java.time.Duration;

/**
 * Limits and identity of this side of an association, for servers and clients alike.
 *
 * @param maxPduLength the maximum P-DATA-TF length announced to the peer (what we want to receive)
 * @param pduLengthLimit the longest P-DATA-TF accepted from a peer that ignores our announcement; anything longer
 *     is refused before allocation
 * @param maxSendPduLength the longest P-DATA-TF we send, also when the peer accepts more or announces no limit
 * @param associatePduLimit the longest A-ASSOCIATE-RQ/AC accepted
 * @param artimTimeout the ARTIM timer: how long to wait for A-ASSOCIATE-RQ after connect, for the answer to a
 *     request, and for the peer to close after release or reject
 * @param idleTimeout how long an established association may stay silent before it is aborted (zero: no limit)
 * @param implementationClassUid announced in every A-ASSOCIATE (by default the toolkit's, as in its Part 10 files)
 * @param implementationVersionName announced in every A-ASSOCIATE
 */
public record UpperLayerSettings(
        int maxPduLength,
        int pduLengthLimit,
        int maxSendPduLength,
        int associatePduLimit,
        Duration artimTimeout,
        Duration idleTimeout,
        String implementationClassUid,
        String implementationVersionName) {

    public UpperLayerSettings {
        if (maxPduLength < 1024 || pduLengthLimit < maxPduLength || maxSendPduLength < 1024) {
            throw new IllegalArgumentException("PDU lengths must be at least 1024 and the limit at least the maximum");
        }
        if (implementationClassUid.isEmpty() || implementationClassUid.length() > 64) {
            // PS3.7 D.3.3.2: every A-ASSOCIATE-RQ and -AC carries one
            throw new IllegalArgumentException("implementation class UID must have 1 to 64 characters");
        }
        if (implementationVersionName.length() > 16) {
            throw new IllegalArgumentException("implementation version name longer than 16 characters");
        }
    }

    /** 16 KB PDUs announced, up to 1 MB accepted, 30 s ARTIM, 5 minutes idle. */
    public static UpperLayerSettings defaults() {
        return new UpperLayerSettings(
                16384,
                1 << 20,
                1 << 20,
                1 << 20,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                FileMetaInformation.IMPLEMENTATION_CLASS_UID,
                FileMetaInformation.IMPLEMENTATION_VERSION_NAME);
    }

    public UpperLayerSettings withMaxPduLength(int length) {
        return new UpperLayerSettings(
                length,
                Math.max(length, pduLengthLimit),
                maxSendPduLength,
                associatePduLimit,
                artimTimeout,
                idleTimeout,
                implementationClassUid,
                implementationVersionName);
    }

    public UpperLayerSettings withMaxSendPduLength(int length) {
        return new UpperLayerSettings(
                maxPduLength,
                pduLengthLimit,
                length,
                associatePduLimit,
                artimTimeout,
                idleTimeout,
                implementationClassUid,
                implementationVersionName);
    }

    public UpperLayerSettings withTimeouts(Duration artim, Duration idle) {
        return new UpperLayerSettings(
                maxPduLength,
                pduLengthLimit,
                maxSendPduLength,
                associatePduLimit,
                artim,
                idle,
                implementationClassUid,
                implementationVersionName);
    }
}
