package health.isthmus.gateway.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts refusals per caller in fixed windows that start at the caller's first refusal; says when a caller's count
 * passes the threshold, which happens once per window. Windows that have ended are forgotten as new ones start.
 */
final class RefusalBursts {

    /** Past this many callers, ended windows are swept out on the next count. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int threshold;
    private final Duration window;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RefusalBursts(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Counts one refusal of {@code caller}; true for exactly the one that makes the count exceed the threshold. */
    boolean countAndCrossed(String caller, Instant now) {
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(open -> open.endedBy(now));
        }
        Window counted = windows.compute(
                caller,
                (key, open) -> open == null || open.endedBy(now) ? new Window(now.plus(window), 1) : open.next());
        return counted.count() == threshold + 1;
    }

    private record Window(Instant end, int count) {

        boolean endedBy(Instant now) {
            return !now.isBefore(end);
        }

        Window next() {
            return new Window(end, count + 1);
        }
    }
}
