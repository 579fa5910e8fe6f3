package health.isthmus.dicom.net;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The user information item of A-ASSOCIATE-RQ/AC (PS3.8 9.3.2.3, PS3.7 Annex D): maximum PDU length (0 means
 * unlimited), implementation class UID and version name, asynchronous operations window, role selections,
 * extended negotiations, and either the user identity request (RQ) or the server response (AC).
 */
public record UserInformation(
        long maxPduLength,
        String implementationClassUid,
        @Nullable String implementationVersionName,
        int maxOperationsInvoked,
        int maxOperationsPerformed,
        List<RoleSelection> roleSelections,
        List<ExtendedNegotiation> extendedNegotiations,
        @Nullable UserIdentity userIdentity,
        byte @Nullable [] userIdentityResponse) {

    public UserInformation {
        roleSelections = List.copyOf(roleSelections);
        extendedNegotiations = List.copyOf(extendedNegotiations);
        userIdentityResponse = userIdentityResponse == null ? null : userIdentityResponse.clone();
    }

    /** Whether an asynchronous operations window item is present (both counts 1 when absent). */
    public boolean hasAsynchronousWindow() {
        return maxOperationsInvoked != 1 || maxOperationsPerformed != 1;
    }
}
