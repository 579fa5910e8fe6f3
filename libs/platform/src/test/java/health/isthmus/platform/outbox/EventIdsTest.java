package health.isthmus.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void anIdIsAVersion7UuidThatCarriesItsMillisecond() {
        long millis = 1_796_400_000_123L;

        UUID id = EventIds.at(millis, new SplittableRandom(1));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        // what keeps the outbox's unique index growing at its right edge
        SplittableRandom random = new SplittableRandom(7);
        UUID earlier = EventIds.at(1_796_400_000_123L, random);
        UUID later = EventIds.at(1_796_400_000_124L, random);

        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void idsOfOneMillisecondDifferAndThreadsDrawApart() throws Exception {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EventIds.next());
        }
        UUID[] other = new UUID[1];
        Thread thread = Thread.ofPlatform().start(() -> other[0] = EventIds.next());
        thread.join();
        ids.add(other[0]);

        assertThat(ids).hasSize(100_001);
    }
}
