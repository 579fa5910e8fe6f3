package health.isthmus.worklist.scheduling.domain;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Study Instance UIDs for orders that do not bring one. */
public final class StudyUids {

    private StudyUids() {}

    /**
     * A new UID under the root {@code 2.25} (PS3.5 B.2): the decimal value of a random UUID, which needs no
     * registered organisation root.
     */
    public static String generate() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes =
                ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }
}
