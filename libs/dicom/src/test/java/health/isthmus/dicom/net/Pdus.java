package health.isthmus.dicom.net;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Hand-made PDUs for tests and seed inputs. */
final class Pdus {

    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String IMPLICIT = "1.2.840.10008.1.2";

    private Pdus() {}

    static AssociateRequest request(String called, long maxPdu) {
        return new AssociateRequest(
                called,
                "FUZZER",
                AssociateRequest.DICOM_APPLICATION_CONTEXT,
                List.of(
                        new PresentationContextProposal(1, VERIFICATION, List.of(IMPLICIT)),
                        new PresentationContextProposal(3, CT, List.of("1.2.840.10008.1.2.1", IMPLICIT))),
                new UserInformation(
                        maxPdu,
                        "1.2.3.4",
                        "TEST",
                        1,
                        1,
                        List.of(new RoleSelection(CT, true, false)),
                        List.of(new ExtendedNegotiation(CT, new byte[] {1, 0, 1})),
                        UserIdentity.usernameAndPasscode("user", "pass", true),
                        null));
    }

    static AssociationPolicy policy() {
        return AssociationPolicy.builder("ISTHMUS")
                .offer(TransferCapability.scp(VERIFICATION, List.of(IMPLICIT)))
                .offer(TransferCapability.scp(CT, List.of(IMPLICIT, "1.2.840.10008.1.2.1")))
                .build();
    }

    /** One P-DATA-TF with one PDV. */
    static byte[] pData(int context, int control, byte[] data) {
        return concat(PduEncoder.pDataHeader(data.length, context, control), data);
    }

    /** A C-ECHO-RQ command set (Implicit VR Little Endian), message id 1. */
    static byte[] echoCommand() {
        return command(0x0030, 1, VERIFICATION, 0x0101);
    }

    /** A C-STORE-RQ command set with a data set announced. */
    static byte[] storeCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(command(0x0001, 2, CT, 0x0000));
        element(out, 0x1000, "1.2.3.4.5\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] command(int field, int messageId, String sopClass, int dataSetType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] uid = (sopClass.length() % 2 == 0 ? sopClass : sopClass + "\0")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        element(out, 0x0002, uid);
        element(out, 0x0100, new byte[] {(byte) field, (byte) (field >>> 8)});
        element(out, 0x0110, new byte[] {(byte) messageId, (byte) (messageId >>> 8)});
        element(out, 0x0800, new byte[] {(byte) dataSetType, (byte) (dataSetType >>> 8)});
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        out.writeBytes(new byte[] {0, 0, (byte) element, (byte) (element >>> 8)});
        out.writeBytes(new byte[] {
            (byte) value.length, (byte) (value.length >>> 8), (byte) (value.length >>> 16), (byte) (value.length >>> 24)
        });
        out.writeBytes(value);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A whole conversation as a requestor would send it: associate, echo, store, release. */
    static byte[] conversation() {
        return concat(
                PduEncoder.encode(request("ISTHMUS", 16384)),
                pData(1, 3, echoCommand()),
                pData(3, 3, storeCommand()),
                pData(3, 0, new byte[] {8, 0, 0x16, 0, 4, 0, 0, 0, '1', '.', '2', 0}),
                pData(3, 2, new byte[] {8, 0, 0x18, 0, 2, 0, 0, 0, '1', 0}),
                PduEncoder.encode(new ReleaseRequest()));
    }
}
