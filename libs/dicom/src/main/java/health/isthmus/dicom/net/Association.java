package health.isthmus.dicom.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established association: the negotiated presentation contexts and the P-DATA service that carries DIMSE
 * messages over them. Messages are sent whole under a lock (so a C-CANCEL or a pending response can be sent while
 * another thread reads); they are received by one thread at a time, the data set as a stream straight from the
 * socket, fragment by fragment.
 *
 * <p>Protocol errors end the association with an A-ABORT and surface as a {@link DicomNetworkException}.
 */
public final class Association implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Association.class);

    /** The largest command set accepted (commands are a few hundred bytes; this bounds memory). */
    static final int MAX_COMMAND_LENGTH = 64 * 1024;

    private static final int PDV_COMMAND = 0x01;
    private static final int PDV_LAST = 0x02;

    private final Connection connection;
    private final SocketInput in;
    private final OutputStream out;
    private final PduReader reader;
    private final UpperLayerSettings settings;
    private final boolean requestor;
    private final AssociateRequest request;
    private final AssociateAccept accept;
    private final @Nullable UserIdentity userIdentity;
    private final Map<Integer, PresentationContext> contexts;
    private final int sendPdvLimit;
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile AssociationState state = AssociationState.ESTABLISHED;

    private long pduRemaining;
    private int pdvRemaining;
    private int pdvContext;
    private int pdvControl;
    private boolean dataSetPending;
    private int dataSetContext;
    private int commandContext;

    private Association(
            Connection connection,
            UpperLayerSettings settings,
            boolean requestor,
            AssociateRequest request,
            AssociateAccept accept,
            @Nullable UserIdentity userIdentity)
            throws IOException {
        this.connection = connection;
        InputStream input = connection.input();
        this.in = input instanceof SocketInput buffered ? buffered : new SocketInput(input, SocketInput.BUFFER_SIZE);
        this.out = connection.output();
        this.reader = new PduReader(in, settings.pduLengthLimit(), settings.associatePduLimit());
        this.settings = settings;
        this.requestor = requestor;
        this.request = request;
        this.accept = accept;
        this.userIdentity = userIdentity;
        Map<Integer, PresentationContext> accepted = new LinkedHashMap<>();
        for (PresentationContextResult result : accept.presentationContexts()) {
            if (result.accepted()) {
                for (PresentationContextProposal proposal : request.presentationContexts()) {
                    if (proposal.id() == result.id()) {
                        accepted.put(
                                result.id(),
                                new PresentationContext(
                                        result.id(), proposal.abstractSyntax(), result.transferSyntax()));
                    }
                }
            }
        }
        this.contexts = Collections.unmodifiableMap(accepted);
        long peerMax = requestor
                ? accept.userInformation().maxPduLength()
                : request.userInformation().maxPduLength();
        long pduLength = peerMax == 0 ? settings.maxSendPduLength() : Math.min(peerMax, settings.maxSendPduLength());
        // a P-DATA-TF of one PDV: 4 bytes item length, 1 context id, 1 control header, then the data
        this.sendPdvLimit = (int) Math.max(1, pduLength - 6);
    }

    /**
     * Acts as acceptor on an open transport: waits (ARTIM) for A-ASSOCIATE-RQ, negotiates it with the policy and
     * answers A-ASSOCIATE-AC or -RJ. A reject ends in {@link AssociationRejectedException}; a malformed request in
     * an A-ABORT and {@link MalformedPduException}.
     */
    static Association accept(Connection connection, AssociationPolicy policy, UpperLayerSettings settings)
            throws IOException {
        try {
            connection.readTimeout(millis(settings.artimTimeout()));
            PduReader reader =
                    new PduReader(connection.input(), settings.pduLengthLimit(), settings.associatePduLimit());
            PduHeader header = reader.readHeader();
            if (header == null) {
                throw new EOFException("connection closed before A-ASSOCIATE-RQ");
            }
            if (header.type() != Pdu.ASSOCIATE_RQ) {
                throw new MalformedPduException(
                        Abort.REASON_UNEXPECTED_PDU, "expected A-ASSOCIATE-RQ, got PDU type " + header.type());
            }
            AssociateRequest request = (AssociateRequest) reader.readBody(header);
            NegotiationOutcome outcome = policy.negotiate(request, connection.peerPrincipal(), settings);
            switch (outcome) {
                case NegotiationOutcome.Rejected rejected -> {
                    writePdu(connection.output(), rejected.reject());
                    awaitClose(connection, settings);
                    throw new AssociationRejectedException(
                            rejected.reject(),
                            "rejected " + request.callingAeTitle() + " from " + connection.remoteAddress() + ": "
                                    + rejected.why(),
                            new RefusedAssociation(
                                    request.callingAeTitle(),
                                    request.calledAeTitle(),
                                    connection.remoteAddress(),
                                    rejected.why(),
                                    rejected.reject()));
                }
                case NegotiationOutcome.Accepted accepted -> {
                    writePdu(connection.output(), accepted.accept());
                    Association association = new Association(
                            connection, settings, false, request, accepted.accept(), accepted.userIdentity());
                    connection.readTimeout(millis(settings.idleTimeout()));
                    log.debug(
                            "association {} -> {} from {} accepted with {} context(s)",
                            request.callingAeTitle(),
                            request.calledAeTitle(),
                            connection.remoteAddress(),
                            association.contexts.size());
                    return association;
                }
            }
        } catch (MalformedPduException malformed) {
            sendAbortQuietly(connection, malformed.abortReason());
            connection.close();
            throw malformed;
        } catch (SocketTimeoutException timeout) {
            connection.close();
            throw new DicomNetworkException("ARTIM expired: no A-ASSOCIATE-RQ from " + connection.remoteAddress());
        } catch (AssociationRejectedException rejected) {
            connection.close();
            throw rejected;
        } catch (IOException | RuntimeException failure) {
            connection.close();
            throw failure;
        }
    }

    /**
     * Answers a request that arrives while the server is at its association limit: waits (ARTIM) for the
     * A-ASSOCIATE-RQ and rejects it as transient, local limit exceeded.
     */
    static void rejectBusy(Connection connection, UpperLayerSettings settings) throws IOException {
        try {
            connection.readTimeout(millis(settings.artimTimeout()));
            PduReader reader =
                    new PduReader(connection.input(), settings.pduLengthLimit(), settings.associatePduLimit());
            PduHeader header = reader.readHeader();
            if (header == null) {
                return;
            }
            if (header.type() != Pdu.ASSOCIATE_RQ) {
                throw new MalformedPduException(
                        Abort.REASON_UNEXPECTED_PDU, "expected A-ASSOCIATE-RQ, got PDU type " + header.type());
            }
            AssociateRequest request = (AssociateRequest) reader.readBody(header);
            AssociateReject reject = new AssociateReject(
                    AssociateReject.RESULT_TRANSIENT,
                    AssociateReject.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                    AssociateReject.REASON_LOCAL_LIMIT_EXCEEDED);
            writePdu(connection.output(), reject);
            awaitClose(connection, settings);
            throw new AssociationRejectedException(
                    reject,
                    "rejected an association from " + connection.remoteAddress() + ": association limit reached",
                    new RefusedAssociation(
                            request.callingAeTitle(),
                            request.calledAeTitle(),
                            connection.remoteAddress(),
                            "association limit reached",
                            reject));
        } catch (MalformedPduException malformed) {
            sendAbortQuietly(connection, malformed.abortReason());
            throw malformed;
        } finally {
            connection.close();
        }
    }

    /**
     * Acts as requestor on an open transport: sends the request and waits (ARTIM) for the answer.
     *
     * @throws AssociationRejectedException when the acceptor answers A-ASSOCIATE-RJ
     * @throws AssociationAbortedException when it answers A-ABORT
     */
    static Association request(Connection connection, AssociateRequest request, UpperLayerSettings settings)
            throws IOException {
        try {
            connection.readTimeout(millis(settings.artimTimeout()));
            writePdu(connection.output(), request);
            PduReader reader =
                    new PduReader(connection.input(), settings.pduLengthLimit(), settings.associatePduLimit());
            PduHeader header = reader.readHeader();
            if (header == null) {
                throw new EOFException("connection closed before A-ASSOCIATE-AC");
            }
            if (header.type() == Pdu.P_DATA_TF) {
                throw new MalformedPduException(Abort.REASON_UNEXPECTED_PDU, "P-DATA-TF before A-ASSOCIATE-AC");
            }
            Pdu answer = reader.readBody(header);
            switch (answer) {
                case AssociateAccept accept -> {
                    Association association = new Association(connection, settings, true, request, accept, null);
                    connection.readTimeout(millis(settings.idleTimeout()));
                    return association;
                }
                case AssociateReject reject ->
                    throw new AssociationRejectedException(
                            reject, request.calledAeTitle() + " rejected the association");
                case Abort abort ->
                    throw new AssociationAbortedException(
                            abort, request.calledAeTitle() + " aborted the association request");
                default ->
                    throw new MalformedPduException(
                            Abort.REASON_UNEXPECTED_PDU, "unexpected " + answer + " after A-ASSOCIATE-RQ");
            }
        } catch (MalformedPduException malformed) {
            sendAbortQuietly(connection, malformed.abortReason());
            connection.close();
            throw malformed;
        } catch (SocketTimeoutException timeout) {
            sendAbortQuietly(connection, Abort.REASON_NOT_SPECIFIED);
            connection.close();
            throw new DicomNetworkException("ARTIM expired: no answer to A-ASSOCIATE-RQ");
        } catch (IOException | RuntimeException failure) {
            connection.close();
            throw failure;
        }
    }

    /** The calling AE title (the requestor's). */
    public String callingAeTitle() {
        return request.callingAeTitle();
    }

    /** The called AE title (the acceptor's, as the requestor addressed it). */
    public String calledAeTitle() {
        return request.calledAeTitle();
    }

    /** The peer's address, for logs and audit. */
    public String remoteAddress() {
        return connection.remoteAddress();
    }

    /** The requestor's TLS certificate subject, when it presented one. */
    public @Nullable Principal tlsPeer() {
        return connection.peerPrincipal();
    }

    /** The user identity the requestor proposed and the application accepted (acceptor side), if any. */
    public @Nullable UserIdentity userIdentity() {
        return userIdentity;
    }

    /** Whether this side requested the association. */
    public boolean isRequestor() {
        return requestor;
    }

    /** The association request as sent or received. */
    public AssociateRequest associateRequest() {
        return request;
    }

    /** The association accept as sent or received. */
    public AssociateAccept associateAccept() {
        return accept;
    }

    /** The accepted presentation contexts by id. */
    public Map<Integer, PresentationContext> presentationContexts() {
        return contexts;
    }

    /** An accepted presentation context by id, or null. */
    public @Nullable PresentationContext presentationContext(int id) {
        return contexts.get(id);
    }

    /** The first accepted context for the abstract syntax, preferring the given transfer syntax if accepted. */
    public @Nullable PresentationContext presentationContextFor(
            String abstractSyntax, @Nullable String transferSyntax) {
        PresentationContext any = null;
        for (PresentationContext context : contexts.values()) {
            if (context.abstractSyntax().equals(abstractSyntax)) {
                if (transferSyntax == null || context.transferSyntax().equals(transferSyntax)) {
                    return context;
                }
                if (any == null) {
                    any = context;
                }
            }
        }
        return transferSyntax == null ? any : null;
    }

    /** The peer's implementation class UID. */
    public String peerImplementationClassUid() {
        return (requestor ? accept.userInformation() : request.userInformation()).implementationClassUid();
    }

    /** The longest PDV payload this side sends (the peer's maximum PDU length less the PDV headers). */
    public int sendPdvLimit() {
        return sendPdvLimit;
    }

    /** The association's state. */
    public AssociationState state() {
        return state;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Reads the next command set (all its fragments). Returns null when the peer asked for release instead: then
     * answer with {@link #acceptRelease()} once outstanding responses are sent. A data set that follows the
     * command must be read with {@link #dataSet()} (or is skipped by the next call).
     */
    public @Nullable IncomingCommand receiveCommand() throws IOException {
        requireState(AssociationState.ESTABLISHED);
        skipDataSet();
        ByteArrayOutputStream command = new ByteArrayOutputStream(256);
        int context = -1;
        try {
            while (true) {
                if (!nextPdv(command.size() == 0)) {
                    state = AssociationState.RELEASE_REQUESTED;
                    return null;
                }
                if ((pdvControl & PDV_COMMAND) == 0) {
                    throw new MalformedPduException(
                            Abort.REASON_UNEXPECTED_PARAMETER, "data set fragment where a command was expected");
                }
                if (context >= 0 && context != pdvContext) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE, "command fragments on two presentation contexts");
                }
                context = pdvContext;
                if (command.size() + pdvRemaining > MAX_COMMAND_LENGTH) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE, "command set longer than " + MAX_COMMAND_LENGTH);
                }
                byte[] fragment = in.readNBytes(pdvRemaining);
                if (fragment.length < pdvRemaining) {
                    throw new EOFException("connection closed inside a command");
                }
                command.write(fragment);
                pdvRemaining = 0;
                if ((pdvControl & PDV_LAST) != 0) {
                    commandContext = context;
                    return new IncomingCommand(contexts.get(context), command.toByteArray());
                }
            }
        } catch (IOException | RuntimeException failure) {
            throw failed(failure);
        }
    }

    /**
     * The data set that follows the last command received, as a stream that reads its fragments from the
     * connection as they arrive and ends after the last one. Read it to the end (or not at all: the next
     * {@link #receiveCommand()} skips what is left).
     */
    public InputStream dataSet() {
        dataSetPending = true;
        dataSetContext = -1;
        return new DataSetStream();
    }

    /** Reads the data set that follows the last command into memory, refusing more than {@code limit} bytes. */
    public byte[] dataSetBytes(int limit) throws IOException {
        InputStream data = dataSet();
        byte[] bytes = data.readNBytes(limit);
        if (data.read() >= 0) {
            throw failed(new MalformedPduException(
                    Abort.REASON_INVALID_PARAMETER_VALUE, "data set longer than the limit of " + limit + " bytes"));
        }
        return bytes;
    }

    private void skipDataSet() throws IOException {
        if (dataSetPending) {
            InputStream rest = new DataSetStream();
            rest.skip(Long.MAX_VALUE);
            while (rest.read() >= 0) {
                rest.skip(Long.MAX_VALUE);
            }
        }
    }

    /**
     * Positions the input at the next PDV. Returns false if an A-RELEASE-RQ arrived instead (allowed only between
     * messages).
     */
    private boolean nextPdv(boolean betweenMessages) throws IOException {
        while (pduRemaining == 0) {
            PduHeader header = reader.readHeader();
            if (header == null) {
                throw new EOFException("peer closed the connection without release or abort");
            }
            if (header.type() == Pdu.P_DATA_TF) {
                pduRemaining = header.length();
                break;
            }
            Pdu pdu = reader.readBody(header);
            switch (pdu) {
                case Abort abort -> {
                    state = AssociationState.CLOSED;
                    connection.close();
                    throw new AssociationAbortedException(abort, "peer aborted the association");
                }
                case ReleaseRequest ignored
                when betweenMessages -> {
                    return false;
                }
                default ->
                    throw new MalformedPduException(
                            Abort.REASON_UNEXPECTED_PDU, "unexpected " + pdu + " during data transfer");
            }
        }
        if (pduRemaining < 6) {
            throw new MalformedPduException(
                    Abort.REASON_INVALID_PARAMETER_VALUE,
                    pduRemaining + " bytes left in a P-DATA-TF, too few for a PDV");
        }
        byte[] header = in.readNBytes(6);
        if (header.length < 6) {
            throw new EOFException("connection closed inside a PDV header");
        }
        long itemLength = ((header[0] & 0xFFL) << 24)
                | ((header[1] & 0xFF) << 16)
                | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        if (itemLength < 2 || itemLength > pduRemaining - 4) {
            throw new MalformedPduException(
                    Abort.REASON_INVALID_PARAMETER_VALUE,
                    "PDV length " + itemLength + " does not fit its P-DATA-TF (" + (pduRemaining - 4) + " bytes)");
        }
        pduRemaining -= 4 + itemLength;
        pdvContext = header[4] & 0xFF;
        pdvControl = header[5] & 0xFF;
        pdvRemaining = (int) itemLength - 2;
        if (!contexts.containsKey(pdvContext)) {
            throw new MalformedPduException(
                    Abort.REASON_INVALID_PARAMETER_VALUE,
                    "PDV on presentation context " + pdvContext + ", not accepted");
        }
        if ((pdvControl & ~0x03) != 0) {
            throw new MalformedPduException(
                    Abort.REASON_INVALID_PARAMETER_VALUE,
                    "PDV message control header 0x" + Integer.toHexString(pdvControl));
        }
        return true;
    }

    /** The data set fragments of one message, read from the connection as the caller asks for them. */
    private final class DataSetStream extends InputStream {

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            try {
                if (!awaitFragmentBytes()) {
                    return -1;
                }
                int read = in.read(buffer, offset, Math.min(length, pdvRemaining));
                if (read < 0) {
                    throw new EOFException("connection closed inside a data set");
                }
                pdvRemaining -= read;
                return read;
            } catch (IOException | RuntimeException failure) {
                dataSetPending = false;
                throw failed(failure);
            }
        }

        /**
         * Copies the rest of the data set to the target straight from the connection's buffer, without the
         * intermediate buffer of {@link InputStream#transferTo}. A failure of the target propagates as it is and
         * leaves the association intact (what is left of the data set is skipped later); a failure of the
         * connection ends the association.
         */
        @Override
        public long transferTo(OutputStream target) throws IOException {
            long copied = 0;
            while (true) {
                int available;
                try {
                    if (!awaitFragmentBytes()) {
                        return copied;
                    }
                    available = in.buffered(pdvRemaining);
                    if (available < 0) {
                        throw new EOFException("connection closed inside a data set");
                    }
                } catch (IOException | RuntimeException failure) {
                    dataSetPending = false;
                    throw failed(failure);
                }
                target.write(in.buffer(), in.position(), available);
                in.consume(available);
                pdvRemaining -= available;
                copied += available;
            }
        }

        /** Moves to the next data set fragment with bytes left, if needed; false once the data set has ended. */
        private boolean awaitFragmentBytes() throws IOException {
            while (pdvRemaining == 0) {
                if (ended || !dataSetPending) {
                    ended = true;
                    return false;
                }
                if (dataSetContext >= 0 && (pdvControl & PDV_LAST) != 0 && (pdvControl & PDV_COMMAND) == 0) {
                    dataSetPending = false;
                    ended = true;
                    return false;
                }
                if (!nextPdv(false)) {
                    throw new MalformedPduException(Abort.REASON_UNEXPECTED_PDU, "A-RELEASE-RQ inside a data set");
                }
                if ((pdvControl & PDV_COMMAND) != 0) {
                    throw new MalformedPduException(
                            Abort.REASON_UNEXPECTED_PARAMETER, "command fragment inside a data set");
                }
                if (pdvContext != commandContext || (dataSetContext >= 0 && dataSetContext != pdvContext)) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE,
                            "data set on another presentation context than its command");
                }
                dataSetContext = pdvContext;
            }
            return true;
        }

        @Override
        public long skip(long count) throws IOException {
            byte[] scratch = new byte[8192];
            long skipped = 0;
            while (skipped < count) {
                int read = read(scratch, 0, (int) Math.min(scratch.length, count - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends one DIMSE message: the command set, then the data set if there is one, fragmented to the peer's
     * maximum PDU length. Safe to call from several threads; messages never interleave.
     */
    public void send(int presentationContextId, byte[] command, @Nullable DataSetWriter dataSet) throws IOException {
        if (!contexts.containsKey(presentationContextId)) {
            throw new IllegalArgumentException("presentation context " + presentationContextId + " is not accepted");
        }
        sendLock.lock();
        try {
            if (state != AssociationState.ESTABLISHED && state != AssociationState.RELEASE_REQUESTED) {
                throw new DicomNetworkException("cannot send in state " + state);
            }
            writeCommand(presentationContextId, command);
            if (dataSet != null) {
                try (PDataOutputStream dataStream = new PDataOutputStream(presentationContextId, 0)) {
                    dataSet.writeTo(dataStream);
                }
            }
            out.flush();
        } catch (IOException failure) {
            abortQuietly();
            throw failure;
        } finally {
            sendLock.unlock();
        }
    }

    /** Writes a command set as PDVs of at most {@link #sendPdvLimit} bytes straight from its array. */
    private void writeCommand(int context, byte[] command) throws IOException {
        int offset = 0;
        do {
            int length = Math.min(sendPdvLimit, command.length - offset);
            boolean last = offset + length == command.length;
            writePdv(context, PDV_COMMAND | (last ? PDV_LAST : 0), command, offset, length);
            offset += length;
        } while (offset < command.length);
    }

    /** Writes one PDV in a P-DATA-TF of its own. */
    private void writePdv(int context, int control, byte[] data, int offset, int length) throws IOException {
        out.write(PduEncoder.pDataHeader(length, context, control));
        out.write(data, offset, length);
    }

    /** Writes PDVs of at most {@link #sendPdvLimit} bytes, one PDV per P-DATA-TF; the last is flagged on close. */
    private final class PDataOutputStream extends OutputStream {
        private final int context;
        private final int control;
        private final byte[] buffer;
        private int size;

        PDataOutputStream(int context, int control) {
            this.context = context;
            this.control = control;
            this.buffer = new byte[Math.min(sendPdvLimit, 1 << 20)];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            while (length > 0) {
                if (size == buffer.length) {
                    writePdv(buffer, 0, size, false);
                    size = 0;
                }
                if (size == 0 && length > buffer.length) {
                    // a whole PDV straight from the caller's array: more follows, so it is not the last
                    writePdv(data, offset, buffer.length, false);
                    offset += buffer.length;
                    length -= buffer.length;
                    continue;
                }
                int chunk = Math.min(length, buffer.length - size);
                System.arraycopy(data, offset, buffer, size, chunk);
                size += chunk;
                offset += chunk;
                length -= chunk;
            }
        }

        private boolean closed;

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                writePdv(buffer, 0, size, true);
            }
        }

        private void writePdv(byte[] data, int offset, int length, boolean last) throws IOException {
            Association.this.writePdv(context, control | (last ? PDV_LAST : 0), data, offset, length);
        }
    }

    // ---------------------------------------------------------------- ending

    /** Requestor: sends A-RELEASE-RQ, waits (ARTIM) for A-RELEASE-RP, closes. */
    public void release() throws IOException {
        sendLock.lock();
        try {
            requireState(AssociationState.ESTABLISHED);
            state = AssociationState.AWAITING_RELEASE_RESPONSE;
            writePdu(out, new ReleaseRequest());
        } finally {
            sendLock.unlock();
        }
        try {
            connection.readTimeout(millis(settings.artimTimeout()));
            dataSetPending = false;
            while (true) {
                if (pduRemaining > 0) {
                    in.skipNBytes(pduRemaining);
                    pduRemaining = 0;
                    pdvRemaining = 0;
                }
                PduHeader header = reader.readHeader();
                if (header == null) {
                    throw new EOFException("peer closed the connection instead of answering A-RELEASE-RQ");
                }
                if (header.type() == Pdu.P_DATA_TF) {
                    pduRemaining = header.length();
                    continue;
                }
                Pdu pdu = reader.readBody(header);
                if (pdu instanceof ReleaseResponse) {
                    break;
                }
                if (pdu instanceof ReleaseRequest) {
                    // release collision (PS3.8 9.2.3): the requestor answers and keeps waiting for the response
                    writePdu(out, new ReleaseResponse());
                    continue;
                }
                if (pdu instanceof Abort abort) {
                    throw new AssociationAbortedException(abort, "peer aborted instead of releasing");
                }
                throw new MalformedPduException(Abort.REASON_UNEXPECTED_PDU, "unexpected " + pdu + " during release");
            }
        } catch (IOException | RuntimeException failure) {
            throw failed(failure);
        } finally {
            state = AssociationState.CLOSED;
            connection.close();
        }
    }

    /** Acceptor: answers the peer's A-RELEASE-RQ and waits (ARTIM) for it to close the connection. */
    public void acceptRelease() throws IOException {
        sendLock.lock();
        try {
            requireState(AssociationState.RELEASE_REQUESTED);
            writePdu(out, new ReleaseResponse());
            state = AssociationState.CLOSED;
        } finally {
            sendLock.unlock();
        }
        awaitClose(connection, settings);
        connection.close();
    }

    /** Sends A-ABORT (source: service user) and closes; does nothing if the association is already closed. */
    public void abort() {
        abortQuietly();
    }

    /** Aborts if still open; use {@link #release()} for an orderly end. */
    @Override
    public void close() {
        abortQuietly();
    }

    private void abortQuietly() {
        abortWith(Abort.SOURCE_SERVICE_USER, Abort.REASON_NOT_SPECIFIED);
    }

    private void abortWith(int source, int reason) {
        if (state == AssociationState.CLOSED) {
            connection.close();
            return;
        }
        state = AssociationState.CLOSED;
        if (sendLock.tryLock()) {
            try {
                writePdu(out, new Abort(source, reason));
            } catch (IOException ignored) {
                // the peer is gone already
            } finally {
                sendLock.unlock();
            }
        }
        connection.close();
    }

    /** Ends the association after a failure while receiving: A-ABORT for protocol errors and timeouts. */
    private IOException failed(Throwable failure) {
        if (failure instanceof AssociationAbortedException aborted) {
            state = AssociationState.CLOSED;
            connection.close();
            return aborted;
        }
        if (failure instanceof MalformedPduException malformed) {
            log.debug("protocol error from {}: {}", connection.remoteAddress(), malformed.getMessage());
            abortWith(Abort.SOURCE_SERVICE_PROVIDER, malformed.abortReason());
            return malformed;
        }
        if (failure instanceof SocketTimeoutException) {
            abortWith(Abort.SOURCE_SERVICE_PROVIDER, Abort.REASON_NOT_SPECIFIED);
            return new DicomNetworkException("association with " + connection.remoteAddress() + " timed out", failure);
        }
        state = AssociationState.CLOSED;
        connection.close();
        if (failure instanceof IOException io) {
            return io;
        }
        return new DicomNetworkException("association failed: " + failure, failure);
    }

    private void requireState(AssociationState expected) throws DicomNetworkException {
        if (state != expected) {
            throw new DicomNetworkException("association is " + state + ", not " + expected);
        }
    }

    private static void writePdu(OutputStream out, Pdu pdu) throws IOException {
        out.write(PduEncoder.encode(pdu));
        out.flush();
    }

    private static void sendAbortQuietly(Connection connection, int reason) {
        try {
            writePdu(connection.output(), new Abort(Abort.SOURCE_SERVICE_PROVIDER, reason));
        } catch (IOException ignored) {
            // the peer is gone already
        }
    }

    /** ARTIM after reject or release: give the peer time to close, reading (and dropping) what it still sends. */
    private static void awaitClose(Connection connection, UpperLayerSettings settings) {
        try {
            connection.readTimeout(millis(settings.artimTimeout()));
            InputStream input = connection.input();
            byte[] scratch = new byte[512];
            long budget = 64 * 1024;
            while (budget > 0) {
                int read = input.read(scratch);
                if (read < 0) {
                    return;
                }
                budget -= read;
            }
        } catch (IOException ignored) {
            // timed out or reset: close anyway
        }
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** A received command set and the presentation context it came on. */
    public record IncomingCommand(PresentationContext presentationContext, byte[] bytes) {}

    /** Writes a data set into the P-DATA stream of a message. */
    @FunctionalInterface
    public interface DataSetWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
