package health.isthmus.dicom.data;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/** UID helpers: validity as PS3.5 9.1 defines it, and new UIDs under the UUID-derived root 2.25 (PS3.5 B.2). */
public final class Uids {

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {}

    /** Whether a string is a valid UID: digits and dots, no leading zeros in a component, at most 64 characters. */
    public static boolean isValid(String uid) {
        return uid.length() <= 64 && UID.matcher(uid).matches();
    }

    /** A new globally unique UID, "2.25." followed by a random UUID as a decimal number. */
    public static String create() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, bytes);
    }
}
