package health.isthmus.dicom.net;

import org.jspecify.annotations.Nullable;

/**
 * The application's verdict on a requestor's user identity. An accepted identity may carry a server response
 * (a Kerberos or SAML answer), sent when the requestor asked for a positive response.
 */
public record UserIdentityDecision(boolean accepted, byte @Nullable [] serverResponse) {

    public UserIdentityDecision {
        serverResponse = serverResponse == null ? null : serverResponse.clone();
    }

    /** Accept, with an empty server response if one was requested. */
    public static UserIdentityDecision accept() {
        return new UserIdentityDecision(true, null);
    }

    /** Refuse: the association is rejected (A-ASSOCIATE-RJ, permanent, service user, no reason given). */
    public static UserIdentityDecision refuse() {
        return new UserIdentityDecision(false, null);
    }
}
