package health.isthmus.dicom.net;

import java.util.List;

/** A-ASSOCIATE-RQ (PS3.8 9.3.2): AE titles, application context, proposed presentation contexts, user information. */
public record AssociateRequest(
        String calledAeTitle,
        String callingAeTitle,
        String applicationContext,
        List<PresentationContextProposal> presentationContexts,
        UserInformation userInformation)
        implements Pdu {

    /** The DICOM application context name, the only one defined (PS3.7 A.2.1). */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    public AssociateRequest {
        presentationContexts = List.copyOf(presentationContexts);
    }
}
