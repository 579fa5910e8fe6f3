package health.isthmus.dicom.net;

import org.jspecify.annotations.Nullable;

/** What an acceptor answers to an association request: an accept with its details, or a reject with why. */
sealed interface NegotiationOutcome {

    record Accepted(AssociateAccept accept, @Nullable UserIdentity userIdentity) implements NegotiationOutcome {}

    record Rejected(AssociateReject reject, String why) implements NegotiationOutcome {}
}
