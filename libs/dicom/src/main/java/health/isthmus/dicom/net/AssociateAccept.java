package health.isthmus.dicom.net;

import java.util.List;

/** A-ASSOCIATE-AC (PS3.8 9.3.3): the acceptor's result for each proposed presentation context and its user information. */
public record AssociateAccept(
        String calledAeTitle,
        String callingAeTitle,
        String applicationContext,
        List<PresentationContextResult> presentationContexts,
        UserInformation userInformation)
        implements Pdu {

    public AssociateAccept {
        presentationContexts = List.copyOf(presentationContexts);
    }
}
