package health.isthmus.dicom.net;

import java.util.List;

/** A presentation context proposed in an A-ASSOCIATE-RQ: an odd id, an abstract syntax and transfer syntaxes. */
public record PresentationContextProposal(int id, String abstractSyntax, List<String> transferSyntaxes) {

    public PresentationContextProposal {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }
}
