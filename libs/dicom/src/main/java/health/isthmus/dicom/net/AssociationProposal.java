package health.isthmus.dicom.net;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a requestor proposes: AE titles, presentation contexts, role selections, extended negotiation and a user
 * identity.
 *
 * <pre>{@code
 * AssociationProposal proposal = AssociationProposal.builder("MODALITY", "ISTHMUS_PACS")
 *         .propose(CT_IMAGE_STORAGE, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN)
 *         .userIdentity(UserIdentity.usernameAndPasscode("ct1", secret, false))
 *         .build();
 * }</pre>
 */
public record AssociationProposal(
        String callingAeTitle,
        String calledAeTitle,
        List<PresentationContextProposal> presentationContexts,
        List<RoleSelection> roleSelections,
        List<ExtendedNegotiation> extendedNegotiations,
        @Nullable UserIdentity userIdentity) {

    public AssociationProposal {
        presentationContexts = List.copyOf(presentationContexts);
        roleSelections = List.copyOf(roleSelections);
        extendedNegotiations = List.copyOf(extendedNegotiations);
    }

    public static Builder builder(String callingAeTitle, String calledAeTitle) {
        return new Builder(callingAeTitle, calledAeTitle);
    }

    AssociateRequest toRequest(UpperLayerSettings settings) {
        return new AssociateRequest(
                calledAeTitle,
                callingAeTitle,
                AssociateRequest.DICOM_APPLICATION_CONTEXT,
                presentationContexts,
                new UserInformation(
                        settings.maxPduLength(),
                        settings.implementationClassUid(),
                        settings.implementationVersionName(),
                        1,
                        1,
                        roleSelections,
                        extendedNegotiations,
                        userIdentity,
                        null));
    }

    /** Builds an {@link AssociationProposal}; presentation context ids are assigned 1, 3, 5, ... */
    public static final class Builder {
        private final String callingAeTitle;
        private final String calledAeTitle;
        private final List<PresentationContextProposal> contexts = new ArrayList<>();
        private final List<RoleSelection> roles = new ArrayList<>();
        private final List<ExtendedNegotiation> extended = new ArrayList<>();
        private @Nullable UserIdentity userIdentity;

        private Builder(String callingAeTitle, String calledAeTitle) {
            for (String title : List.of(callingAeTitle, calledAeTitle)) {
                if (title.isBlank() || title.length() > 16) {
                    throw new IllegalArgumentException("an AE title has 1 to 16 characters: '" + title + "'");
                }
            }
            this.callingAeTitle = callingAeTitle;
            this.calledAeTitle = calledAeTitle;
        }

        /** Proposes one presentation context for the abstract syntax with these transfer syntaxes. */
        public Builder propose(String abstractSyntax, String... transferSyntaxes) {
            if (contexts.size() >= 128) {
                throw new IllegalStateException("at most 128 presentation contexts");
            }
            contexts.add(new PresentationContextProposal(
                    2 * contexts.size() + 1, abstractSyntax, List.of(transferSyntaxes)));
            return this;
        }

        public Builder roleSelection(RoleSelection role) {
            roles.add(role);
            return this;
        }

        public Builder extendedNegotiation(ExtendedNegotiation negotiation) {
            extended.add(negotiation);
            return this;
        }

        public Builder userIdentity(@Nullable UserIdentity identity) {
            this.userIdentity = identity;
            return this;
        }

        public AssociationProposal build() {
            if (contexts.isEmpty()) {
                throw new IllegalStateException("propose at least one presentation context");
            }
            return new AssociationProposal(callingAeTitle, calledAeTitle, contexts, roles, extended, userIdentity);
        }
    }
}
