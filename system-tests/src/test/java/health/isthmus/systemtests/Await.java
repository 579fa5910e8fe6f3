package health.isthmus.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Polls the running stack for something that appears asynchronously, with a deadline instead of a sleep. */
final class Await {

    private Await() {}

    /** What the condition yields once it yields something, polling every 100 ms until {@code within} has passed. */
    static <T> T until(String what, Duration within, Condition<T> condition) throws Exception {
        Instant deadline = Instant.now().plus(within);
        do {
            Optional<T> value = condition.check();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(what + ": not within " + within);
    }

    /** A check of the stack: the value once it is there, else empty. */
    @FunctionalInterface
    interface Condition<T> {
        Optional<T> check() throws Exception;
    }
}
