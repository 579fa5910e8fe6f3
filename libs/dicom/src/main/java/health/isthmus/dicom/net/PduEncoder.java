package health.isthmus.dicom.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes the PDUs other than P-DATA-TF into their bytes on the wire, header included. */
final class PduEncoder {

    private byte[] buffer = new byte[512];
    private int size;

    private PduEncoder() {}

    static byte[] encode(Pdu pdu) {
        PduEncoder encoder = new PduEncoder();
        switch (pdu) {
            case AssociateRequest request ->
                encoder.associate(
                        Pdu.ASSOCIATE_RQ,
                        request.calledAeTitle(),
                        request.callingAeTitle(),
                        request.applicationContext(),
                        request,
                        request.userInformation());
            case AssociateAccept accept ->
                encoder.associate(
                        Pdu.ASSOCIATE_AC,
                        accept.calledAeTitle(),
                        accept.callingAeTitle(),
                        accept.applicationContext(),
                        accept,
                        accept.userInformation());
            case AssociateReject reject ->
                encoder.fourBytes(Pdu.ASSOCIATE_RJ, 0, reject.result(), reject.source(), reject.reason());
            case ReleaseRequest ignored -> encoder.fourBytes(Pdu.RELEASE_RQ, 0, 0, 0, 0);
            case ReleaseResponse ignored -> encoder.fourBytes(Pdu.RELEASE_RP, 0, 0, 0, 0);
            case Abort abort -> encoder.fourBytes(Pdu.ABORT, 0, 0, abort.source(), abort.reason());
        }
        return Arrays.copyOf(encoder.buffer, encoder.size);
    }

    /**
     * The twelve bytes before the data of a P-DATA-TF holding one PDV: PDU type and length, PDV item length,
     * presentation context id and message control header.
     */
    static byte[] pDataHeader(int dataLength, int context, int control) {
        long pduLength = dataLength + 6L;
        long itemLength = dataLength + 2L;
        return new byte[] {
            (byte) Pdu.P_DATA_TF,
            0,
            (byte) (pduLength >>> 24),
            (byte) (pduLength >>> 16),
            (byte) (pduLength >>> 8),
            (byte) pduLength,
            (byte) (itemLength >>> 24),
            (byte) (itemLength >>> 16),
            (byte) (itemLength >>> 8),
            (byte) itemLength,
            (byte) context,
            (byte) control
        };
    }

    private void fourBytes(int type, int b0, int b1, int b2, int b3) {
        u8(type);
        u8(0);
        u32(4);
        u8(b0);
        u8(b1);
        u8(b2);
        u8(b3);
    }

    private void associate(
            int type, String called, String calling, String context, Pdu pdu, UserInformation userInformation) {
        u8(type);
        u8(0);
        int lengthAt = reserve(4);
        int start = size;
        u16(1);
        u16(0);
        aeTitle(called);
        aeTitle(calling);
        zeros(32);
        item(0x10, ascii(context));
        if (pdu instanceof AssociateRequest request) {
            for (PresentationContextProposal proposal : request.presentationContexts()) {
                u8(0x20);
                u8(0);
                int itemLength = reserve(2);
                int itemStart = size;
                u8(proposal.id());
                zeros(3);
                item(0x30, ascii(proposal.abstractSyntax()));
                for (String transferSyntax : proposal.transferSyntaxes()) {
                    item(0x40, ascii(transferSyntax));
                }
                patch16(itemLength, size - itemStart);
            }
        } else if (pdu instanceof AssociateAccept accept) {
            for (PresentationContextResult result : accept.presentationContexts()) {
                u8(0x21);
                u8(0);
                int itemLength = reserve(2);
                int itemStart = size;
                u8(result.id());
                u8(0);
                u8(result.result());
                u8(0);
                item(0x40, ascii(result.transferSyntax()));
                patch16(itemLength, size - itemStart);
            }
        }
        userInformation(userInformation);
        patch32(lengthAt, size - start);
    }

    private void userInformation(UserInformation info) {
        u8(0x50);
        u8(0);
        int lengthAt = reserve(2);
        int start = size;
        u8(0x51);
        u8(0);
        u16(4);
        u32(info.maxPduLength());
        if (!info.implementationClassUid().isEmpty()) {
            // a peer's PDU read without one (PS3.7 D.3.3.2 requires it; the reader tolerates its absence) is
            // written back without one: an empty UID would not parse
            item(0x52, ascii(info.implementationClassUid()));
        }
        if (info.hasAsynchronousWindow()) {
            u8(0x53);
            u8(0);
            u16(4);
            u16(info.maxOperationsInvoked());
            u16(info.maxOperationsPerformed());
        }
        for (RoleSelection role : info.roleSelections()) {
            byte[] uid = ascii(role.sopClassUid());
            u8(0x54);
            u8(0);
            u16(uid.length + 4);
            u16(uid.length);
            bytes(uid);
            u8(role.scu() ? 1 : 0);
            u8(role.scp() ? 1 : 0);
        }
        if (info.implementationVersionName() != null) {
            item(0x55, ascii(info.implementationVersionName()));
        }
        for (ExtendedNegotiation extended : info.extendedNegotiations()) {
            byte[] uid = ascii(extended.sopClassUid());
            byte[] information = extended.information();
            u8(0x56);
            u8(0);
            u16(2 + uid.length + information.length);
            u16(uid.length);
            bytes(uid);
            bytes(information);
        }
        UserIdentity identity = info.userIdentity();
        if (identity != null) {
            byte[] primary = identity.primaryField();
            byte[] secondary = identity.secondaryField();
            u8(0x58);
            u8(0);
            u16(6 + primary.length + secondary.length);
            u8(identity.type().code());
            u8(identity.positiveResponseRequested() ? 1 : 0);
            u16(primary.length);
            bytes(primary);
            u16(secondary.length);
            bytes(secondary);
        }
        byte[] response = info.userIdentityResponse();
        if (response != null) {
            u8(0x59);
            u8(0);
            u16(2 + response.length);
            u16(response.length);
            bytes(response);
        }
        patch16(lengthAt, size - start);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void aeTitle(String title) {
        byte[] padded = new byte[16];
        Arrays.fill(padded, (byte) ' ');
        byte[] text = ascii(title);
        System.arraycopy(text, 0, padded, 0, Math.min(16, text.length));
        bytes(padded);
    }

    private void item(int type, byte[] value) {
        u8(type);
        u8(0);
        u16(value.length);
        bytes(value);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private void u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    private void u16(int value) {
        u8(value >>> 8);
        u8(value);
    }

    private void u32(long value) {
        u16((int) (value >>> 16) & 0xFFFF);
        u16((int) value & 0xFFFF);
    }

    private void zeros(int count) {
        ensure(count);
        size += count;
    }

    private void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
    }

    private int reserve(int count) {
        int at = size;
        zeros(count);
        return at;
    }

    private void patch16(int at, int value) {
        if (value > 0xFFFF) {
            throw new IllegalArgumentException("item of " + value + " bytes does not fit a 16-bit length");
        }
        buffer[at] = (byte) (value >>> 8);
        buffer[at + 1] = (byte) value;
    }

    private void patch32(int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }
}
