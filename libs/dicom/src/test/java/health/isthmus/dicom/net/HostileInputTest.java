package health.isthmus.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.dimse.DimseDispatcher;
import health.isthmus.dicom.dimse.EchoHandler;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostileInputTest {

    private static final UpperLayerSettings SETTINGS = UpperLayerSettings.defaults();

    private static byte[] associate() {
        return PduEncoder.encode(Pdus.request("ISTHMUS", 16384));
    }

    private static StreamConnection acceptAndServe(byte[] conversation) {
        StreamConnection connection = new StreamConnection(conversation);
        assertThatThrownBy(() -> {
                    Association association = Association.accept(connection, Pdus.policy(), SETTINGS);
                    DimseDispatcher.builder().echo(EchoHandler.SUCCESS).build().serve(association);
                })
                .isInstanceOf(MalformedPduException.class);
        assertThat(connection.closed).isTrue();
        return connection;
    }

    /** The A-ABORT reason at the end of what was written, or -1 when the last PDU is not an A-ABORT. */
    private static int abortReason(StreamConnection connection) {
        byte[] written = connection.written.toByteArray();
        if (!PduFuzzTest.endsWithAbort(written)) {
            return -1;
        }
        assertThat(written[written.length - 2]).isEqualTo((byte) Abort.SOURCE_SERVICE_PROVIDER);
        return written[written.length - 1];
    }

    @Test
    void anAbsurdPDataLengthIsRefusedBeforeAllocationWithAnAbort() {
        byte[] huge = {4, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0};
        StreamConnection connection = acceptAndServe(Pdus.concat(associate(), huge));
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_INVALID_PARAMETER_VALUE);
    }

    @Test
    void anAbsurdAssociateRequestLengthIsRefusedWithAnAbort() {
        byte[] huge = {1, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1};
        StreamConnection connection = acceptAndServe(huge);
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_INVALID_PARAMETER_VALUE);
        assertThat(connection.written.size()).isEqualTo(10);
    }

    @Test
    void anUnknownPduTypeIsAbortedAsUnrecognized() {
        StreamConnection connection =
                acceptAndServe(Pdus.concat(associate(), new byte[] {9, 0, 0, 0, 0, 4, 1, 2, 3, 4}));
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_UNRECOGNIZED_PDU);
    }

    @Test
    void aPdvOnAContextThatWasNotAcceptedIsAborted() {
        StreamConnection connection = acceptAndServe(Pdus.concat(associate(), Pdus.pData(7, 3, Pdus.echoCommand())));
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_INVALID_PARAMETER_VALUE);
    }

    @Test
    void aPdvLongerThanItsPduIsAborted() {
        byte[] pData = Pdus.pData(1, 3, Pdus.echoCommand());
        pData[9] += 1;
        StreamConnection connection = acceptAndServe(Pdus.concat(associate(), pData));
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_INVALID_PARAMETER_VALUE);
    }

    @Test
    void aDataSetWhereACommandBelongsIsAborted() {
        StreamConnection connection = acceptAndServe(Pdus.concat(associate(), Pdus.pData(1, 2, new byte[] {1, 2})));
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_UNEXPECTED_PARAMETER);
    }

    @Test
    void aSecondAssociateRequestDuringDataTransferIsAborted() {
        StreamConnection connection = acceptAndServe(Pdus.concat(associate(), associate()));
        assertThat(abortReason(connection)).isEqualTo(Abort.REASON_UNEXPECTED_PDU);
    }

    @Test
    void outgoingDataIsFragmentedToThePeersMaximumPduLength() throws IOException {
        AssociateAccept accept = new AssociateAccept(
                "ISTHMUS",
                "FUZZER",
                AssociateRequest.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextResult(3, PresentationContextResult.ACCEPTANCE, Pdus.IMPLICIT)),
                new UserInformation(4096, "1.2.3", null, 1, 1, List.of(), List.of(), null, null));
        StreamConnection connection = new StreamConnection(PduEncoder.encode(accept));
        Association association = Association.request(connection, Pdus.request("ISTHMUS", 0), SETTINGS);
        byte[] dataSet = new byte[50_000];
        association.send(3, Pdus.storeCommand(), out -> out.write(dataSet));

        byte[] written = connection.written.toByteArray();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(written));
        in.skipNBytes(2);
        in.skipNBytes(in.readInt());
        List<Long> lengths = new ArrayList<>();
        long dataBytes = 0;
        while (in.available() > 0) {
            assertThat(in.readUnsignedByte()).isEqualTo(Pdu.P_DATA_TF);
            in.skipNBytes(1);
            long length = in.readInt() & 0xFFFFFFFFL;
            lengths.add(length);
            int itemLength = in.readInt();
            in.skipNBytes(2);
            in.skipNBytes(itemLength - 2);
            dataBytes += itemLength - 2;
        }
        assertThat(lengths).allMatch(length -> length <= 4096);
        assertThat(lengths).filteredOn(length -> length == 4096).hasSizeGreaterThan(10);
        assertThat(dataBytes).isEqualTo(Pdus.storeCommand().length + dataSet.length);
    }

    @Test
    void aSilentPeerIsDisconnectedByArtimAndGarbageGetsAnAbortWithoutLeakingAssociations() throws Exception {
        UpperLayerSettings quick = SETTINGS.withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
        try (DicomServer server = DicomServer.builder(
                        Pdus.policy(),
                        DimseDispatcher.builder().echo(EchoHandler.SUCCESS).build())
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .settings(quick)
                .start()) {
            try (Socket silent = new Socket("127.0.0.1", server.port())) {
                silent.setSoTimeout(10_000);
                assertThat(silent.getInputStream().read()).isEqualTo(-1);
            }
            try (Socket garbage = new Socket("127.0.0.1", server.port())) {
                garbage.setSoTimeout(10_000);
                garbage.getOutputStream().write(new byte[] {0x16, 3, 1, 0, 5, 1, 2, 3, 4, 5});
                byte[] answer = garbage.getInputStream().readAllBytes();
                assertThat(answer).hasSize(10);
                assertThat(answer[0]).isEqualTo((byte) Pdu.ABORT);
            }
            try (Socket idle = new Socket("127.0.0.1", server.port())) {
                idle.setSoTimeout(10_000);
                idle.getOutputStream().write(associate());
                InputStream in = idle.getInputStream();
                assertThat(in.read()).isEqualTo(Pdu.ASSOCIATE_AC);
                byte[] rest = in.readAllBytes();
                assertThat(rest[rest.length - 10]).as("aborted when idle").isEqualTo((byte) Pdu.ABORT);
            }
            for (int i = 0; i < 500 && server.activeAssociations() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(server.activeAssociations()).isZero();
        }
    }
}
