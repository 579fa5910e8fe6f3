package health.isthmus.dicom.net;

import java.util.List;

/**
 * What an acceptor offers for one SOP class: the transfer syntaxes it accepts and the roles it can play. Of the
 * transfer syntaxes a requestor proposes in one presentation context, the first one offered here is accepted (the
 * requestor's order is honoured). An acceptor is normally the SCP; {@code scu} lets a requestor propose the reversed role
 * through role selection (as C-GET and storage commitment need).
 */
public record TransferCapability(String sopClassUid, List<String> transferSyntaxes, boolean scp, boolean scu) {

    public TransferCapability {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    /** This side as SCP of the SOP class for the given transfer syntaxes. */
    public static TransferCapability scp(String sopClassUid, List<String> transferSyntaxes) {
        return new TransferCapability(sopClassUid, transferSyntaxes, true, false);
    }
}
