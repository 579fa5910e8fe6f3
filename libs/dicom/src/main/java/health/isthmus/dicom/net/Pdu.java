package health.isthmus.dicom.net;

/** A protocol data unit of the upper layer (PS3.8 9.3) other than P-DATA-TF, which is streamed. */
public sealed interface Pdu
        permits AssociateRequest, AssociateAccept, AssociateReject, ReleaseRequest, ReleaseResponse, Abort {

    /** PDU type A-ASSOCIATE-RQ. */
    int ASSOCIATE_RQ = 0x01;
    /** PDU type A-ASSOCIATE-AC. */
    int ASSOCIATE_AC = 0x02;
    /** PDU type A-ASSOCIATE-RJ. */
    int ASSOCIATE_RJ = 0x03;
    /** PDU type P-DATA-TF. */
    int P_DATA_TF = 0x04;
    /** PDU type A-RELEASE-RQ. */
    int RELEASE_RQ = 0x05;
    /** PDU type A-RELEASE-RP. */
    int RELEASE_RP = 0x06;
    /** PDU type A-ABORT. */
    int ABORT = 0x07;
}
