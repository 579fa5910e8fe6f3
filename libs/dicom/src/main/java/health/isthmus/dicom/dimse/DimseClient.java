package health.isthmus.dicom.dimse;

import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.DicomNetworkException;
import health.isthmus.dicom.net.PresentationContext;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * DIMSE calls as SCU over an established association, one operation at a time. Failure statuses are returned (not
 * thrown) so callers can map them; protocol failures throw {@link DicomNetworkException}.
 *
 * <pre>{@code
 * DimseClient dimse = new DimseClient(association);
 * DimseStatus echo = dimse.echo();
 * DimseStatus stored = dimse.store(CT_IMAGE_STORAGE, instanceUid, EXPLICIT_VR_LITTLE_ENDIAN, out -> Files.copy(data, out));
 * }</pre>
 */
public final class DimseClient {

    /** The largest data set accepted in a response (C-FIND matches, N-CREATE attributes). */
    static final int MAX_RESPONSE_DATA_SET = 4 << 20;

    private final Association association;
    private final AtomicInteger messageIds = new AtomicInteger();

    public DimseClient(Association association) {
        this.association = association;
    }

    public Association association() {
        return association;
    }

    /** C-ECHO on the Verification context. */
    public DimseStatus echo() throws IOException {
        PresentationContext context = contextFor(SopClass.VERIFICATION, null);
        Command request = request(CommandField.C_ECHO_RQ, SopClass.VERIFICATION, false);
        association.send(context.id(), CommandCodec.encode(request), null);
        return statusOf(awaitResponse(request).command());
    }

    /**
     * C-STORE: the writer writes the data set, without file meta information, in the given transfer syntax (which
     * must be accepted for the SOP class).
     */
    public DimseStatus store(
            String sopClassUid, String sopInstanceUid, String transferSyntax, Association.DataSetWriter dataSet)
            throws IOException {
        PresentationContext context = contextFor(sopClassUid, transferSyntax);
        Command request = request(CommandField.C_STORE_RQ, sopClassUid, true);
        request.setString(CommandTag.AFFECTED_SOP_INSTANCE_UID, sopInstanceUid);
        request.setInt(CommandTag.PRIORITY, 0);
        association.send(context.id(), CommandCodec.encode(request), dataSet);
        return statusOf(awaitResponse(request).command());
    }

    /** A new request with the next message id. */
    Command request(int commandField, String sopClassUid, boolean hasDataSet) {
        Command request = Command.of(commandField, hasDataSet);
        request.setInt(CommandTag.MESSAGE_ID, messageIds.updateAndGet(id -> id >= 0xFFFF ? 1 : id + 1));
        request.setString(CommandTag.AFFECTED_SOP_CLASS_UID, sopClassUid);
        return request;
    }

    /** An accepted context for the SOP class (and transfer syntax, when given). */
    PresentationContext contextFor(String sopClassUid, @Nullable String transferSyntax) throws DicomNetworkException {
        PresentationContext context = association.presentationContextFor(sopClassUid, transferSyntax);
        if (context == null) {
            throw new DicomNetworkException("no accepted presentation context for " + sopClassUid
                    + (transferSyntax == null ? "" : " with " + transferSyntax));
        }
        return context;
    }

    /** The next response to the request, with its data set in memory. */
    Response awaitResponse(Command request) throws IOException {
        Association.IncomingCommand incoming = association.receiveCommand();
        if (incoming == null) {
            association.abort();
            throw new DicomNetworkException("peer asked for release while a response was outstanding");
        }
        Command response = CommandCodec.decode(incoming.bytes());
        if (response.commandField() != (request.commandField() | CommandField.RESPONSE)
                || response.messageIdBeingRespondedTo() != request.messageId()) {
            association.abort();
            throw new MalformedCommandException("expected the response to " + CommandField.name(request.commandField())
                    + " " + request.messageId() + ", got " + response);
        }
        byte[] data = response.hasDataSet() ? association.dataSetBytes(MAX_RESPONSE_DATA_SET) : null;
        return new Response(response, data, incoming.presentationContext());
    }

    static DimseStatus statusOf(Command response) {
        String comment = response.getString(CommandTag.ERROR_COMMENT);
        return new DimseStatus(response.status(), comment);
    }

    /** A response command, its data set bytes if any, and the context it came on. */
    record Response(Command command, byte @Nullable [] dataSet, PresentationContext context) {}
}
