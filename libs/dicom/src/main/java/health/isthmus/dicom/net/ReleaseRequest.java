package health.isthmus.dicom.net;

/** A-RELEASE-RQ: the requestor asks to end the association in order. */
public record ReleaseRequest() implements Pdu {}
