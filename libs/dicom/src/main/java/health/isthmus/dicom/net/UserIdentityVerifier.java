package health.isthmus.dicom.net;

import java.security.Principal;
import org.jspecify.annotations.Nullable;

/** Decides whether the user identity proposed by a requestor (or its absence) is good enough to associate. */
@FunctionalInterface
public interface UserIdentityVerifier {

    /** Accepts every requestor, with or without an identity. */
    UserIdentityVerifier ACCEPT_ALL = (identity, request, tlsPeer) -> UserIdentityDecision.accept();

    /**
     * @param identity the proposed identity, or null when the requestor proposed none
     * @param request the whole association request (AE titles, contexts)
     * @param tlsPeer the requestor's TLS certificate subject, when it presented one
     */
    UserIdentityDecision verify(@Nullable UserIdentity identity, AssociateRequest request, @Nullable Principal tlsPeer);
}
