package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationHandler;
import health.isthmus.dicom.net.DicomNetworkException;
import health.isthmus.dicom.net.PresentationContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an association as DIMSE SCP: decodes each command, hands it to the handler registered for its service and
 * SOP class, sends the response(s), and answers the peer's release after the last response. Handlers for further
 * services (N-ACTION, N-EVENT-REPORT, C-MOVE, C-GET) plug in as {@link ServiceHandler}s keyed by command field.
 *
 * <pre>{@code
 * DimseDispatcher dimse = DimseDispatcher.builder()
 *         .echo(EchoHandler.SUCCESS)
 *         .store(archive::store)
 *         .find(Uid.ModalityWorklistInformationModelFind, worklist::find)
 *         .build();
 * DicomServer.builder(policy, dimse).port(11112).start();
 * }</pre>
 */
public final class DimseDispatcher implements AssociationHandler {

    private static final Logger log = LoggerFactory.getLogger(DimseDispatcher.class);

    private final Map<Integer, Map<String, ServiceHandler>> handlers;
    private final Map<Integer, ServiceHandler> anySopClass;

    private DimseDispatcher(Builder builder) {
        Map<Integer, Map<String, ServiceHandler>> copy = new HashMap<>();
        builder.handlers.forEach((field, bySopClass) -> copy.put(field, Map.copyOf(bySopClass)));
        this.handlers = Map.copyOf(copy);
        this.anySopClass = Map.copyOf(builder.anySopClass);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One DIMSE service on the SCP side: answers a request (and reads its data set, if any) with one or more
     * responses through the {@link DimseExchange}.
     */
    @FunctionalInterface
    public interface ServiceHandler {
        void handle(DimseExchange exchange) throws IOException;
    }

    @Override
    public void serve(Association association) throws IOException {
        DimseExchange.Outstanding outstanding = new DimseExchange.Outstanding();
        while (true) {
            Association.IncomingCommand incoming = association.receiveCommand();
            if (incoming == null) {
                outstanding.awaitAll();
                association.acceptRelease();
                return;
            }
            Command command;
            try {
                command = CommandCodec.decode(incoming.bytes());
            } catch (MalformedCommandException malformed) {
                association.abort();
                throw malformed;
            }
            int field = command.commandField();
            if (field == CommandField.C_CANCEL_RQ) {
                outstanding.cancel(command.messageIdBeingRespondedTo());
                continue;
            }
            if (CommandField.isResponse(field)) {
                association.abort();
                throw new MalformedCommandException("unexpected " + CommandField.name(field) + " at an SCP");
            }
            outstanding.awaitAll();
            DimseExchange exchange =
                    new DimseExchange(association, incoming.presentationContext(), command, outstanding);
            dispatch(exchange, field, incoming.presentationContext());
        }
    }

    private void dispatch(DimseExchange exchange, int field, PresentationContext context) throws IOException {
        Command command = exchange.command();
        String sopClass = command.affectedSopClassUid() != null
                ? command.affectedSopClassUid()
                : command.getString(Tag.RequestedSOPClassUID);
        ServiceHandler handler = handlerFor(field, sopClass);
        if (sopClass != null && !sopClass.equals(context.abstractSyntax())) {
            exchange.skipDataSet();
            exchange.respond(DimseStatus.of(
                    Status.SOP_CLASS_NOT_SUPPORTED,
                    "SOP class " + sopClass + " sent on the context of " + context.abstractSyntax()));
            return;
        }
        if (handler == null) {
            exchange.skipDataSet();
            int status = switch (field) {
                case CommandField.C_ECHO_RQ,
                        CommandField.C_STORE_RQ,
                        CommandField.C_FIND_RQ,
                        CommandField.N_CREATE_RQ,
                        CommandField.N_SET_RQ -> Status.NO_SUCH_SOP_CLASS;
                default -> Status.UNRECOGNIZED_OPERATION;
            };
            exchange.respond(DimseStatus.of(status, "no " + CommandField.name(field) + " service for " + sopClass));
            return;
        }
        try {
            handler.handle(exchange);
        } catch (DicomNetworkException networkFailure) {
            throw networkFailure;
        } catch (DimseException failure) {
            if (!exchange.responded()) {
                exchange.skipDataSet();
                exchange.respond(failure.status());
            }
        } catch (IOException | RuntimeException failure) {
            if (exchange.association().state() != health.isthmus.dicom.net.AssociationState.ESTABLISHED) {
                throw failure;
            }
            log.warn(
                    "{} handler failed for {}",
                    CommandField.name(field),
                    exchange.association().callingAeTitle(),
                    failure);
            if (!exchange.responded()) {
                exchange.skipDataSet();
                int status = field == CommandField.C_STORE_RQ && failure instanceof IOException
                        ? Status.OUT_OF_RESOURCES
                        : Status.PROCESSING_FAILURE;
                exchange.respond(DimseStatus.of(status, failure.getClass().getSimpleName()));
            }
        }
    }

    private @Nullable ServiceHandler handlerFor(int field, @Nullable String sopClass) {
        Map<String, ServiceHandler> bySopClass = handlers.get(field);
        if (bySopClass != null && sopClass != null) {
            ServiceHandler handler = bySopClass.get(sopClass);
            if (handler != null) {
                return handler;
            }
        }
        return anySopClass.get(field);
    }

    /** Builds a {@link DimseDispatcher}. */
    public static final class Builder {
        private final Map<Integer, Map<String, ServiceHandler>> handlers = new HashMap<>();
        private final Map<Integer, ServiceHandler> anySopClass = new HashMap<>();

        private Builder() {}

        /** The Verification SCP. */
        public Builder echo(EchoHandler handler) {
            return service(CommandField.C_ECHO_RQ, Uid.Verification, exchange -> {
                exchange.respond(handler.echo(exchange.association()));
            });
        }

        /** The C-STORE SCP for every storage SOP class the policy accepts. */
        public Builder store(StoreHandler handler) {
            anySopClass.put(CommandField.C_STORE_RQ, exchange -> StoreService.serve(exchange, handler));
            return this;
        }

        /** The C-FIND SCP for one information model. */
        public Builder find(String sopClassUid, FindHandler handler) {
            return service(CommandField.C_FIND_RQ, sopClassUid, exchange -> FindService.serve(exchange, handler));
        }

        /** The N-CREATE SCP for one SOP class. */
        public Builder nCreate(String sopClassUid, NCreateHandler handler) {
            return service(CommandField.N_CREATE_RQ, sopClassUid, exchange -> {
                Attributes attributes = NormalizedService.attributes(exchange);
                Command command = exchange.command();
                NRequest request = new NRequest(
                        exchange.association(),
                        command.messageId(),
                        exchange.presentationContext().abstractSyntax(),
                        command.affectedSopInstanceUid());
                NormalizedService.respond(exchange, handler.create(request, attributes));
            });
        }

        /** The N-SET SCP for one SOP class. */
        public Builder nSet(String sopClassUid, NSetHandler handler) {
            return service(CommandField.N_SET_RQ, sopClassUid, exchange -> {
                Command command = exchange.command();
                String instance = command.getString(Tag.RequestedSOPInstanceUID);
                if (instance == null) {
                    exchange.skipDataSet();
                    exchange.respond(
                            DimseStatus.of(Status.MISSING_ATTRIBUTE, "N-SET-RQ without Requested SOP Instance UID"));
                    return;
                }
                Attributes modifications = NormalizedService.attributes(exchange);
                NRequest request = new NRequest(
                        exchange.association(),
                        command.messageId(),
                        exchange.presentationContext().abstractSyntax(),
                        instance);
                NormalizedService.respond(exchange, handler.set(request, modifications));
            });
        }

        /** Any DIMSE service for one SOP class (the extension point for services to come). */
        public Builder service(int commandField, String sopClassUid, ServiceHandler handler) {
            handlers.computeIfAbsent(commandField, field -> new HashMap<>()).put(sopClassUid, handler);
            return this;
        }

        public DimseDispatcher build() {
            return new DimseDispatcher(this);
        }
    }

    /** The C-FIND SCP: pending responses from the handler's thread, C-CANCEL honoured between them. */
    private static final class FindService {
        private FindService() {}

        static void serve(DimseExchange exchange, FindHandler handler) throws IOException {
            Command command = exchange.command();
            String syntax = exchange.presentationContext().transferSyntax();
            Attributes identifier = DataSets.decode(
                    exchange.dataSetBytes(DataSets.MAX_DATA_SET), syntax, Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS);
            FindRequest request = new FindRequest(
                    exchange.association(),
                    command.messageId(),
                    exchange.presentationContext().abstractSyntax(),
                    command.getInt(Tag.Priority, 0));
            exchange.runConcurrently(cancelled -> {
                FindResponder responder = new FindResponder() {
                    @Override
                    public boolean pending(Attributes match) throws IOException {
                        if (cancelled.get()) {
                            return false;
                        }
                        exchange.respond(
                                Command.responseTo(command, Status.PENDING, true), DataSets.writer(match, syntax));
                        return !cancelled.get();
                    }

                    @Override
                    public boolean cancelled() {
                        return cancelled.get();
                    }
                };
                DimseStatus status;
                try {
                    handler.find(request, identifier, responder);
                    status = cancelled.get() ? DimseStatus.of(Status.CANCEL) : DimseStatus.SUCCESS;
                } catch (DimseException failure) {
                    status = failure.status();
                } catch (DicomNetworkException gone) {
                    throw gone;
                } catch (IOException | RuntimeException failure) {
                    log.warn("C-FIND handler failed for {}", request.callingAeTitle(), failure);
                    status = DimseStatus.of(
                            Status.UNABLE_TO_PROCESS, failure.getClass().getSimpleName());
                }
                exchange.respond(status);
            });
        }
    }

    /** What N-CREATE and N-SET share: attributes in, an {@link NResponse} out. */
    private static final class NormalizedService {
        private NormalizedService() {}

        static Attributes attributes(DimseExchange exchange) throws IOException {
            if (!exchange.command().hasDataSet()) {
                return new Attributes();
            }
            return DataSets.decode(
                    exchange.dataSetBytes(DataSets.MAX_DATA_SET),
                    exchange.presentationContext().transferSyntax(),
                    Status.PROCESSING_FAILURE);
        }

        static void respond(DimseExchange exchange, NResponse outcome) throws IOException {
            Attributes attributes = outcome.attributes();
            Command response =
                    Command.responseTo(exchange.command(), outcome.status().code(), attributes != null);
            if (outcome.sopInstanceUid() != null) {
                response.setString(Tag.AffectedSOPInstanceUID, outcome.sopInstanceUid());
            }
            String comment = outcome.status().errorComment();
            if (comment != null && outcome.status().code() != Status.SUCCESS) {
                response.setString(Tag.ErrorComment, DimseExchange.truncated(comment));
            }
            exchange.respond(
                    response,
                    attributes == null
                            ? null
                            : DataSets.writer(
                                    attributes, exchange.presentationContext().transferSyntax()));
        }
    }

    /** The C-STORE SCP: the data set goes to the handler as a stream. */
    private static final class StoreService {
        private StoreService() {}

        static void serve(DimseExchange exchange, StoreHandler handler) throws IOException {
            Command command = exchange.command();
            String sopClass = command.affectedSopClassUid();
            String instance = command.affectedSopInstanceUid();
            if (sopClass == null || instance == null || !command.hasDataSet()) {
                exchange.skipDataSet();
                exchange.respond(DimseStatus.of(
                        Status.MISTYPED_ARGUMENT, "C-STORE-RQ without SOP class, SOP instance or data set"));
                return;
            }
            StoreRequest request = new StoreRequest(
                    exchange.association(),
                    command.messageId(),
                    sopClass,
                    instance,
                    exchange.presentationContext().transferSyntax(),
                    command.getInt(Tag.Priority, 0),
                    command.getString(Tag.MoveOriginatorApplicationEntityTitle));
            InputStream dataSet = exchange.dataSet();
            DimseStatus status = handler.store(request, dataSet);
            exchange.skipDataSet();
            exchange.respond(status);
        }
    }
}
