package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.DicomNetworkException;
import health.isthmus.dicom.net.PresentationContext;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * DIMSE calls as SCU over an established association, one operation at a time. Failure statuses are returned (not
 * thrown) so callers can map them; protocol failures throw {@link DicomNetworkException}.
 *
 * <pre>{@code
 * DimseClient dimse = new DimseClient(association);
 * DimseStatus echo = dimse.echo();
 * DimseStatus stored = dimse.store(Uid.CTImageStorage, instanceUid, Uid.ExplicitVRLittleEndian, out -> Files.copy(data, out));
 * DimseStatus found = dimse.find(Uid.ModalityWorklistInformationModelFind, query, match -> worklist.add(match));
 * }</pre>
 *
 * <p>C-MOVE and C-GET will follow the same shape as {@link #find}; storage commitment adds N-ACTION here and an
 * N-EVENT-REPORT handler on the {@link DimseDispatcher} serving the same association.
 */
public final class DimseClient {

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
        PresentationContext context = contextFor(Uid.Verification, null);
        Command request = request(CommandField.C_ECHO_RQ, Uid.Verification, false);
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
        request.setString(Tag.AffectedSOPInstanceUID, sopInstanceUid);
        request.setInt(Tag.Priority, 0);
        association.send(context.id(), CommandCodec.encode(request), dataSet);
        return statusOf(awaitResponse(request).command());
    }

    /**
     * C-FIND: sends the identifier and hands each match to {@code onMatch}; when it returns false the query is
     * cancelled (C-CANCEL) and the remaining pending responses are dropped. Returns the final status (Success,
     * Cancel or a failure).
     */
    public DimseStatus find(String sopClassUid, Attributes identifier, Predicate<Attributes> onMatch)
            throws IOException {
        PresentationContext context = contextFor(sopClassUid, null);
        Command request = request(CommandField.C_FIND_RQ, sopClassUid, true);
        request.setInt(Tag.Priority, 0);
        association.send(
                context.id(), CommandCodec.encode(request), DataSets.writer(identifier, context.transferSyntax()));
        boolean cancelled = false;
        while (true) {
            Response response = awaitResponse(request);
            int status = response.command().status();
            if (!Status.isPending(status)) {
                return statusOf(response.command());
            }
            byte[] data = response.dataSet();
            if (cancelled || data == null) {
                continue;
            }
            Attributes match = DataSets.decode(data, context.transferSyntax(), Status.UNABLE_TO_PROCESS);
            if (!onMatch.test(match)) {
                cancelled = true;
                Command cancel = Command.of(CommandField.C_CANCEL_RQ, false);
                cancel.setInt(Tag.MessageIDBeingRespondedTo, request.messageId());
                association.send(context.id(), CommandCodec.encode(cancel), null);
            }
        }
    }

    /** N-CREATE: creates an instance (its UID chosen by the SCP when null) with the attributes. */
    public NResponse nCreate(String sopClassUid, @Nullable String sopInstanceUid, Attributes attributes)
            throws IOException {
        PresentationContext context = contextFor(sopClassUid, null);
        Command request = request(CommandField.N_CREATE_RQ, sopClassUid, true);
        if (sopInstanceUid != null) {
            request.setString(Tag.AffectedSOPInstanceUID, sopInstanceUid);
        }
        association.send(
                context.id(), CommandCodec.encode(request), DataSets.writer(attributes, context.transferSyntax()));
        return normalizedResponse(awaitResponse(request), sopInstanceUid);
    }

    /** N-SET: applies the modification list to an existing instance. */
    public NResponse nSet(String sopClassUid, String sopInstanceUid, Attributes modifications) throws IOException {
        PresentationContext context = contextFor(sopClassUid, null);
        Command request = Command.of(CommandField.N_SET_RQ, true);
        request.setInt(Tag.MessageID, nextMessageId());
        request.setString(Tag.RequestedSOPClassUID, sopClassUid);
        request.setString(Tag.RequestedSOPInstanceUID, sopInstanceUid);
        association.send(
                context.id(), CommandCodec.encode(request), DataSets.writer(modifications, context.transferSyntax()));
        return normalizedResponse(awaitResponse(request), sopInstanceUid);
    }

    private static NResponse normalizedResponse(Response response, @Nullable String requestedInstance) {
        String instance = response.command().affectedSopInstanceUid();
        byte[] data = response.dataSet();
        Attributes attributes = data == null
                ? null
                : DataSets.decode(data, response.context().transferSyntax(), Status.PROCESSING_FAILURE);
        return new NResponse(statusOf(response.command()), instance != null ? instance : requestedInstance, attributes);
    }

    private int nextMessageId() {
        return messageIds.updateAndGet(id -> id >= 0xFFFF ? 1 : id + 1);
    }

    /** A new request with the next message id. */
    Command request(int commandField, String sopClassUid, boolean hasDataSet) {
        Command request = Command.of(commandField, hasDataSet);
        request.setInt(Tag.MessageID, nextMessageId());
        request.setString(Tag.AffectedSOPClassUID, sopClassUid);
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
        byte[] data = response.hasDataSet() ? association.dataSetBytes(DataSets.MAX_DATA_SET) : null;
        return new Response(response, data, incoming.presentationContext());
    }

    static DimseStatus statusOf(Command response) {
        String comment = response.getString(Tag.ErrorComment);
        return new DimseStatus(response.status(), comment);
    }

    /** A response command, its data set bytes if any, and the context it came on. */
    record Response(Command command, byte @Nullable [] dataSet, PresentationContext context) {}
}
