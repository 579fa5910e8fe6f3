package health.isthmus.dicom.net;

/**
 * The acceptor's answer to one proposed presentation context (PS3.8 9.3.3.2): result 0 acceptance, 1 user
 * rejection, 2 no reason, 3 abstract syntax not supported, 4 transfer syntaxes not supported. The transfer
 * syntax is significant only when accepted.
 */
public record PresentationContextResult(int id, int result, String transferSyntax) {

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    /** Whether the context may carry messages. */
    public boolean accepted() {
        return result == ACCEPTANCE;
    }
}
