package health.isthmus.dicom.net;

/** The six bytes that open every PDU: its type and the length of what follows. */
record PduHeader(int type, long length) {}
