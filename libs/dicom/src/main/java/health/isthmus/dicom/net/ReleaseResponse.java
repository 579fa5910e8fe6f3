package health.isthmus.dicom.net;

/** A-RELEASE-RP: the answer to {@link ReleaseRequest}; the association is over. */
public record ReleaseResponse() implements Pdu {}
