package health.isthmus.platform.outbox;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Ids of the events the outbox writes: version 7 UUIDs (RFC 9562), the time in milliseconds first and 74 random
 * bits after it. Ids made one after the other sort together, so the unique index on {@code event_id} grows at its
 * right edge like the primary key instead of taking each insert on a random page of an index as large as the outbox
 * keeps; and each thread draws its random bits from a generator of its own, seeded once from {@code SecureRandom},
 * rather than every event queueing for the lock of the shared one.
 */
public final class EventIds {

    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

    private EventIds() {}

    /** A new event id. */
    public static UUID next() {
        return at(System.currentTimeMillis(), RANDOM.get());
    }

    static UUID at(long epochMillis, SplittableRandom random) {
        // 48 bits of time, version 7, 12 random bits; then the variant 10 and 62 random bits
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
