package health.isthmus.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads PDUs from a stream. Lengths are checked against the configured limits before anything is allocated, so a
 * peer that announces an absurd length gets a {@link MalformedPduException}, not an allocation. P-DATA-TF bodies
 * are not read here: the association streams their PDVs.
 */
final class PduReader {

    /** The fixed part of A-ASSOCIATE-RQ/AC after the PDU header. */
    private static final int ASSOCIATE_FIXED_LENGTH = 68;

    private final InputStream in;
    private final long maxPDataLength;
    private final int maxControlLength;

    PduReader(InputStream in, long maxPDataLength, int maxControlLength) {
        this.in = in;
        this.maxPDataLength = maxPDataLength;
        this.maxControlLength = maxControlLength;
    }

    /** The next PDU header, or null when the stream ends cleanly before one starts. */
    @Nullable
    PduHeader readHeader() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        byte[] rest = in.readNBytes(5);
        if (rest.length < 5) {
            throw new EOFException("connection closed inside a PDU header");
        }
        long length = ((rest[1] & 0xFFL) << 24) | ((rest[2] & 0xFF) << 16) | ((rest[3] & 0xFF) << 8) | (rest[4] & 0xFF);
        switch (type) {
            case Pdu.ASSOCIATE_RQ, Pdu.ASSOCIATE_AC -> {
                if (length < ASSOCIATE_FIXED_LENGTH || length > maxControlLength) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE,
                            "A-ASSOCIATE PDU length " + length + " outside " + ASSOCIATE_FIXED_LENGTH + ".."
                                    + maxControlLength);
                }
            }
            case Pdu.P_DATA_TF -> {
                if (length < 6 || length > maxPDataLength) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE,
                            "P-DATA-TF length " + length + " outside 6.." + maxPDataLength);
                }
            }
            case Pdu.ASSOCIATE_RJ, Pdu.RELEASE_RQ, Pdu.RELEASE_RP, Pdu.ABORT -> {
                if (length != 4) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE, "PDU type " + type + " with length " + length);
                }
            }
            default -> throw new MalformedPduException(Abort.REASON_UNRECOGNIZED_PDU, "unknown PDU type " + type);
        }
        return new PduHeader(type, length);
    }

    /** Reads and parses the body of a PDU other than P-DATA-TF. */
    Pdu readBody(PduHeader header) throws IOException {
        byte[] body = readFully((int) header.length());
        return switch (header.type()) {
            case Pdu.ASSOCIATE_RQ -> parseAssociate(body, true);
            case Pdu.ASSOCIATE_AC -> parseAssociate(body, false);
            case Pdu.ASSOCIATE_RJ -> new AssociateReject(body[1] & 0xFF, body[2] & 0xFF, body[3] & 0xFF);
            case Pdu.RELEASE_RQ -> new ReleaseRequest();
            case Pdu.RELEASE_RP -> new ReleaseResponse();
            case Pdu.ABORT -> new Abort(body[2] & 0xFF, body[3] & 0xFF);
            default -> throw new IllegalStateException("P-DATA-TF bodies are streamed");
        };
    }

    private byte[] readFully(int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("connection closed inside a PDU (" + body.length + " of " + length + " bytes)");
        }
        return body;
    }

    /** Parses an A-ASSOCIATE-RQ or -AC body (everything after the PDU header); also used on its own by tests. */
    static Pdu parseAssociate(byte[] body, boolean request) throws MalformedPduException {
        Cursor cursor = new Cursor(body, 0, body.length);
        int version = cursor.u16();
        if ((version & 1) == 0) {
            throw new MalformedPduException(Abort.REASON_INVALID_PARAMETER_VALUE, "protocol version " + version);
        }
        cursor.skip(2);
        String called = cursor.text(16, false);
        String calling = cursor.text(16, false);
        cursor.skip(32);
        String applicationContext = null;
        List<PresentationContextProposal> proposals = new ArrayList<>();
        List<PresentationContextResult> results = new ArrayList<>();
        UserInformation userInformation = null;
        while (cursor.remaining() > 0) {
            int itemType = cursor.u8();
            cursor.skip(1);
            Cursor item = cursor.slice(cursor.u16());
            switch (itemType) {
                case 0x10 -> applicationContext = item.uid(item.remaining());
                case 0x20 -> {
                    if (!request) {
                        throw unexpected("presentation context proposal in A-ASSOCIATE-AC");
                    }
                    proposals.add(parseProposal(item));
                }
                case 0x21 -> {
                    if (request) {
                        throw unexpected("presentation context result in A-ASSOCIATE-RQ");
                    }
                    results.add(parseResult(item));
                }
                case 0x50 -> userInformation = parseUserInformation(item);
                default ->
                    throw new MalformedPduException(
                            Abort.REASON_UNRECOGNIZED_PARAMETER,
                            "unknown item type 0x" + Integer.toHexString(itemType));
            }
        }
        if (applicationContext == null) {
            throw new MalformedPduException(Abort.REASON_INVALID_PARAMETER_VALUE, "no application context item");
        }
        if (userInformation == null) {
            throw new MalformedPduException(Abort.REASON_INVALID_PARAMETER_VALUE, "no user information item");
        }
        return request
                ? new AssociateRequest(called, calling, applicationContext, proposals, userInformation)
                : new AssociateAccept(called, calling, applicationContext, results, userInformation);
    }

    private static PresentationContextProposal parseProposal(Cursor item) throws MalformedPduException {
        int id = item.u8();
        item.skip(3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (item.remaining() > 0) {
            int type = item.u8();
            item.skip(1);
            int length = item.u16();
            switch (type) {
                case 0x30 -> {
                    if (abstractSyntax != null) {
                        throw unexpected("two abstract syntaxes in presentation context " + id);
                    }
                    abstractSyntax = item.uid(length);
                }
                case 0x40 -> transferSyntaxes.add(item.uid(length));
                default ->
                    throw new MalformedPduException(
                            Abort.REASON_UNRECOGNIZED_PARAMETER,
                            "unknown sub-item 0x" + Integer.toHexString(type) + " in presentation context " + id);
            }
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
            throw new MalformedPduException(
                    Abort.REASON_INVALID_PARAMETER_VALUE,
                    "presentation context " + id + " without abstract or transfer syntax");
        }
        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextResult parseResult(Cursor item) throws MalformedPduException {
        int id = item.u8();
        item.skip(1);
        int result = item.u8();
        item.skip(1);
        String transferSyntax = "";
        while (item.remaining() > 0) {
            int type = item.u8();
            item.skip(1);
            int length = item.u16();
            if (type != 0x40) {
                throw new MalformedPduException(
                        Abort.REASON_UNRECOGNIZED_PARAMETER,
                        "unknown sub-item 0x" + Integer.toHexString(type) + " in presentation context result " + id);
            }
            // only an accepted context's transfer syntax is meaningful (PS3.8 9.3.3.2)
            transferSyntax =
                    result == PresentationContextResult.ACCEPTANCE ? item.uid(length) : item.text(length, true);
        }
        return new PresentationContextResult(id, result, transferSyntax);
    }

    private static UserInformation parseUserInformation(Cursor item) throws MalformedPduException {
        long maxPduLength = 0;
        String implementationClassUid = "";
        String implementationVersionName = null;
        int invoked = 1;
        int performed = 1;
        List<RoleSelection> roles = new ArrayList<>();
        List<ExtendedNegotiation> extended = new ArrayList<>();
        UserIdentity identity = null;
        byte[] identityResponse = null;
        while (item.remaining() > 0) {
            int type = item.u8();
            item.skip(1);
            Cursor sub = item.slice(item.u16());
            switch (type) {
                case 0x51 -> maxPduLength = sub.u32();
                case 0x52 -> implementationClassUid = sub.uid(sub.remaining());
                case 0x53 -> {
                    invoked = sub.u16();
                    performed = sub.u16();
                }
                case 0x54 -> {
                    String uid = sub.uid(sub.u16());
                    roles.add(new RoleSelection(uid, sub.u8() == 1, sub.u8() == 1));
                }
                case 0x55 -> implementationVersionName = sub.text(sub.remaining(), true);
                case 0x56 -> {
                    String uid = sub.uid(sub.u16());
                    extended.add(new ExtendedNegotiation(uid, sub.bytes(sub.remaining())));
                }
                case 0x58 -> {
                    UserIdentity.Type identityType = UserIdentity.Type.of(sub.u8());
                    boolean positive = sub.u8() == 1;
                    byte[] primary = sub.bytes(sub.u16());
                    byte[] secondary = sub.bytes(sub.u16());
                    identity = new UserIdentity(identityType, positive, primary, secondary);
                }
                case 0x59 -> identityResponse = sub.bytes(sub.u16());
                default -> {
                    // other sub-items (SOP class common extended negotiation, unknown ones) are ignored (PS3.7 D.3.3)
                }
            }
        }
        return new UserInformation(
                maxPduLength,
                implementationClassUid,
                implementationVersionName,
                invoked,
                performed,
                roles,
                extended,
                identity,
                identityResponse);
    }

    private static MalformedPduException unexpected(String what) {
        return new MalformedPduException(Abort.REASON_UNEXPECTED_PARAMETER, what);
    }

    /** A bounded view of a PDU body; every read checks that the bytes are there. */
    private static final class Cursor {
        private final byte[] bytes;
        private int position;
        private final int end;

        Cursor(byte[] bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        int remaining() {
            return end - position;
        }

        private void need(int count) throws MalformedPduException {
            if (count < 0 || count > remaining()) {
                throw new MalformedPduException(
                        Abort.REASON_INVALID_PARAMETER_VALUE,
                        "item length " + count + " runs past its enclosing item (" + remaining() + " bytes left)");
            }
        }

        void skip(int count) throws MalformedPduException {
            need(count);
            position += count;
        }

        int u8() throws MalformedPduException {
            need(1);
            return bytes[position++] & 0xFF;
        }

        int u16() throws MalformedPduException {
            need(2);
            int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
            position += 2;
            return value;
        }

        long u32() throws MalformedPduException {
            need(4);
            long value = ((bytes[position] & 0xFFL) << 24)
                    | ((bytes[position + 1] & 0xFF) << 16)
                    | ((bytes[position + 2] & 0xFF) << 8)
                    | (bytes[position + 3] & 0xFF);
            position += 4;
            return value;
        }

        Cursor slice(int length) throws MalformedPduException {
            need(length);
            Cursor slice = new Cursor(bytes, position, position + length);
            position += length;
            return slice;
        }

        byte[] bytes(int length) throws MalformedPduException {
            need(length);
            byte[] copy = java.util.Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return copy;
        }

        /** ASCII text with padding (spaces, NULs) removed; control characters refused unless allowed. */
        String text(int length, boolean lenient) throws MalformedPduException {
            need(length);
            int from = position;
            int to = position + length;
            position = to;
            while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == 0)) {
                to--;
            }
            while (from < to && bytes[from] == ' ') {
                from++;
            }
            for (int i = from; i < to; i++) {
                int c = bytes[i] & 0xFF;
                if (!lenient && (c < 0x20 || c > 0x7E || c == '\\')) {
                    throw new MalformedPduException(
                            Abort.REASON_INVALID_PARAMETER_VALUE,
                            "character 0x" + Integer.toHexString(c) + " in an AE title");
                }
            }
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }

        String uid(int length) throws MalformedPduException {
            String uid = text(length, true);
            if (uid.isEmpty() || uid.length() > 64) {
                throw new MalformedPduException(
                        Abort.REASON_INVALID_PARAMETER_VALUE, "UID of " + uid.length() + " characters");
            }
            for (int i = 0; i < uid.length(); i++) {
                char c = uid.charAt(i);
                if ((c < '0' || c > '9') && c != '.') {
                    throw new MalformedPduException(Abort.REASON_INVALID_PARAMETER_VALUE, "not a UID: " + uid);
                }
            }
            return uid;
        }
    }
}
