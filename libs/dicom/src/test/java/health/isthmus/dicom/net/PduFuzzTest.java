package health.isthmus.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import health.isthmus.dicom.dimse.DimseDispatcher;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.EchoHandler;
import health.isthmus.dicom.dimse.MalformedCommandException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Fuzz targets for hostile peers: the PDU reader on its own, and an acceptor (negotiation, data transfer, DIMSE
 * dispatch) fed a whole conversation from bytes. Only {@link IOException}s may come out, a protocol error must leave
 * an A-ABORT as the last thing written, and nothing may hang (the input is finite). The seeds under
 * src/test/resources replay in every build.
 */
class PduFuzzTest {

    private static final UpperLayerSettings SETTINGS = UpperLayerSettings.defaults();
    private static final DimseDispatcher DISPATCHER = DimseDispatcher.builder()
            .echo(EchoHandler.SUCCESS)
            .store((request, dataSet) -> {
                dataSet.transferTo(java.io.OutputStream.nullOutputStream());
                return DimseStatus.SUCCESS;
            })
            .build();

    @FuzzTest(maxDuration = "10m")
    void pduReader(byte[] data) {
        InputStream in = new ByteArrayInputStream(data);
        PduReader reader = new PduReader(in, SETTINGS.pduLengthLimit(), SETTINGS.associatePduLimit());
        java.util.List<Pdu> parsed = new java.util.ArrayList<>();
        try {
            for (PduHeader header = reader.readHeader(); header != null; header = reader.readHeader()) {
                if (header.type() == Pdu.P_DATA_TF) {
                    in.skipNBytes(header.length());
                } else {
                    parsed.add(reader.readBody(header));
                }
            }
        } catch (IOException expected) {
            // malformed or truncated input ends in a declared exception
        }
        for (Pdu pdu : parsed) {
            byte[] encoded = PduEncoder.encode(pdu);
            assertThat(PduEncoder.encode(reparse(encoded)))
                    .as("re-encoding %s", pdu)
                    .isEqualTo(encoded);
        }
    }

    /** What the reader makes of bytes the encoder wrote; they must always parse. */
    static Pdu reparse(byte[] encoded) {
        try {
            PduReader reader = new PduReader(new ByteArrayInputStream(encoded), Integer.MAX_VALUE, Integer.MAX_VALUE);
            return reader.readBody(reader.readHeader());
        } catch (IOException failure) {
            throw new AssertionError("encoded PDU does not parse: " + failure.getMessage(), failure);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void acceptor(byte[] data) {
        StreamConnection connection = new StreamConnection(data);
        try {
            Association association = Association.accept(connection, Pdus.policy(), SETTINGS);
            DISPATCHER.serve(association);
        } catch (MalformedPduException | MalformedCommandException protocolError) {
            assertThat(endsWithAbort(connection.written.toByteArray()))
                    .as("A-ABORT after %s", protocolError.getMessage())
                    .isTrue();
        } catch (IOException expected) {
            // truncated conversations, rejects, aborts by the peer
        }
        assertThat(connection.closed).isTrue();
    }

    static boolean endsWithAbort(byte[] written) {
        if (written.length < 10) {
            return false;
        }
        byte[] tail = Arrays.copyOfRange(written, written.length - 10, written.length);
        return tail[0] == Pdu.ABORT && tail[5] == 4;
    }
}
