package health.isthmus.dicom.net;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How an acceptor negotiates: its AE title (and whether any called AE title is accepted), the calling AE titles
 * it admits, the SOP classes and transfer syntaxes it offers, role selection, extended negotiation and the
 * user identity check.
 *
 * <pre>{@code
 * AssociationPolicy policy = AssociationPolicy.builder("ISTHMUS_PACS")
 *         .offer(TransferCapability.scp(VERIFICATION, List.of(IMPLICIT_VR_LITTLE_ENDIAN)))
 *         .userIdentityVerifier((identity, request, peer) -> ...)
 *         .build();
 * }</pre>
 */
public final class AssociationPolicy {

    private final String aeTitle;
    private final boolean acceptAnyCalledAeTitle;
    private final Set<String> callingAeTitles;
    private final Map<String, TransferCapability> capabilities;
    private final UserIdentityVerifier userIdentityVerifier;
    private final Function<ExtendedNegotiation, @Nullable ExtendedNegotiation> extendedNegotiation;

    private AssociationPolicy(Builder builder) {
        this.aeTitle = builder.aeTitle;
        this.acceptAnyCalledAeTitle = builder.acceptAnyCalledAeTitle;
        this.callingAeTitles = Set.copyOf(builder.callingAeTitles);
        this.capabilities = Map.copyOf(builder.capabilities);
        this.userIdentityVerifier = builder.userIdentityVerifier;
        this.extendedNegotiation = builder.extendedNegotiation;
    }

    /** A policy for the AE title; offers nothing until {@link Builder#offer} is called. */
    public static Builder builder(String aeTitle) {
        return new Builder(aeTitle);
    }

    /** This acceptor's AE title. */
    public String aeTitle() {
        return aeTitle;
    }

    /** The offered capabilities, by SOP class UID. */
    public Map<String, TransferCapability> capabilities() {
        return capabilities;
    }

    NegotiationOutcome negotiate(AssociateRequest request, @Nullable Principal tlsPeer, UpperLayerSettings settings) {
        if (!AssociateRequest.DICOM_APPLICATION_CONTEXT.equals(request.applicationContext())) {
            return reject(
                    AssociateReject.REASON_APPLICATION_CONTEXT_NOT_SUPPORTED,
                    "application context " + request.applicationContext());
        }
        if (!acceptAnyCalledAeTitle && !aeTitle.equals(request.calledAeTitle())) {
            return reject(
                    AssociateReject.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED,
                    "called AE title '" + request.calledAeTitle() + "' is not " + aeTitle);
        }
        if (!callingAeTitles.isEmpty() && !callingAeTitles.contains(request.callingAeTitle())) {
            return reject(
                    AssociateReject.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED,
                    "calling AE title '" + request.callingAeTitle() + "' is not admitted");
        }
        UserIdentity identity = request.userInformation().userIdentity();
        UserIdentityDecision decision = userIdentityVerifier.verify(identity, request, tlsPeer);
        if (!decision.accepted()) {
            return reject(AssociateReject.REASON_NO_REASON_GIVEN, "user identity refused: " + identity);
        }
        Map<String, RoleSelection> proposedRoles = new LinkedHashMap<>();
        for (RoleSelection role : request.userInformation().roleSelections()) {
            proposedRoles.putIfAbsent(role.sopClassUid(), role);
        }
        List<PresentationContextResult> results = new ArrayList<>();
        for (PresentationContextProposal proposal : request.presentationContexts()) {
            results.add(decide(proposal, proposedRoles.get(proposal.abstractSyntax())));
        }
        List<RoleSelection> grantedRoles = new ArrayList<>();
        for (RoleSelection role : proposedRoles.values()) {
            TransferCapability capability = capabilities.get(role.sopClassUid());
            if (capability != null) {
                grantedRoles.add(new RoleSelection(
                        role.sopClassUid(), role.scu() && capability.scp(), role.scp() && capability.scu()));
            }
        }
        List<ExtendedNegotiation> extended = new ArrayList<>();
        for (ExtendedNegotiation proposed : request.userInformation().extendedNegotiations()) {
            if (capabilities.containsKey(proposed.sopClassUid())) {
                ExtendedNegotiation answer = extendedNegotiation.apply(proposed);
                if (answer != null) {
                    extended.add(answer);
                }
            }
        }
        byte[] identityResponse = null;
        if (identity != null && identity.positiveResponseRequested()) {
            byte[] response = decision.serverResponse();
            identityResponse = response == null ? new byte[0] : response;
        }
        UserInformation userInformation = new UserInformation(
                settings.maxPduLength(),
                settings.implementationClassUid(),
                settings.implementationVersionName(),
                1,
                1,
                grantedRoles,
                extended,
                null,
                identityResponse);
        return new NegotiationOutcome.Accepted(
                new AssociateAccept(
                        request.calledAeTitle(),
                        request.callingAeTitle(),
                        request.applicationContext(),
                        results,
                        userInformation),
                identity);
    }

    private PresentationContextResult decide(PresentationContextProposal proposal, @Nullable RoleSelection role) {
        TransferCapability capability = capabilities.get(proposal.abstractSyntax());
        if (capability == null) {
            return new PresentationContextResult(
                    proposal.id(), PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED, "");
        }
        boolean requestorScu = role == null || role.scu();
        boolean requestorScp = role != null && role.scp();
        boolean playable = (requestorScu && capability.scp()) || (requestorScp && capability.scu());
        if (!playable) {
            return new PresentationContextResult(proposal.id(), PresentationContextResult.USER_REJECTION, "");
        }
        for (String proposed : proposal.transferSyntaxes()) {
            if (capability.transferSyntaxes().contains(proposed)) {
                return new PresentationContextResult(proposal.id(), PresentationContextResult.ACCEPTANCE, proposed);
            }
        }
        return new PresentationContextResult(
                proposal.id(), PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED, "");
    }

    private static NegotiationOutcome reject(int reason, String why) {
        return new NegotiationOutcome.Rejected(
                new AssociateReject(AssociateReject.RESULT_PERMANENT, AssociateReject.SOURCE_SERVICE_USER, reason),
                why);
    }

    /** Builds an {@link AssociationPolicy}. */
    public static final class Builder {
        private final String aeTitle;
        private boolean acceptAnyCalledAeTitle;
        private final List<String> callingAeTitles = new ArrayList<>();
        private final Map<String, TransferCapability> capabilities = new LinkedHashMap<>();
        private UserIdentityVerifier userIdentityVerifier = UserIdentityVerifier.ACCEPT_ALL;
        private Function<ExtendedNegotiation, @Nullable ExtendedNegotiation> extendedNegotiation = proposed -> null;

        private Builder(String aeTitle) {
            if (aeTitle.isBlank() || aeTitle.length() > 16) {
                throw new IllegalArgumentException("an AE title has 1 to 16 characters: '" + aeTitle + "'");
            }
            this.aeTitle = aeTitle;
        }

        /** Accept associations whatever AE title they call (off by default: others are rejected). */
        public Builder acceptAnyCalledAeTitle(boolean accept) {
            this.acceptAnyCalledAeTitle = accept;
            return this;
        }

        /** Admit only these calling AE titles (by default any). */
        public Builder callingAeTitles(List<String> titles) {
            callingAeTitles.clear();
            callingAeTitles.addAll(titles);
            return this;
        }

        /** Offer a SOP class; a later offer for the same SOP class replaces an earlier one. */
        public Builder offer(TransferCapability capability) {
            capabilities.put(capability.sopClassUid(), capability);
            return this;
        }

        /** The user identity check (by default every requestor is accepted). */
        public Builder userIdentityVerifier(UserIdentityVerifier verifier) {
            this.userIdentityVerifier = verifier;
            return this;
        }

        /** Answers proposed extended negotiation for offered SOP classes; null leaves one unanswered (the default). */
        public Builder extendedNegotiation(Function<ExtendedNegotiation, @Nullable ExtendedNegotiation> responder) {
            this.extendedNegotiation = responder;
            return this;
        }

        public AssociationPolicy build() {
            return new AssociationPolicy(this);
        }
    }
}
