package health.isthmus.hl7ingest.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The {@code isthmus.hl7ingest.handling} timer of one phase of handling a message, with a percentile histogram (so
 * that a p99 can be read from Prometheus across instances) from 100 microseconds to 30 seconds, and bucket
 * boundaries at 5 and 25 ms (the share of messages answered within those).
 */
final class HandlingTimer {

    static final String NAME = "isthmus.hl7ingest.handling";

    private HandlingTimer() {}

    /** The timer of a phase: {@code all} (from a message's bytes to its acknowledgment's) or {@code commit}. */
    static Timer of(String phase, MeterRegistry meters) {
        return Timer.builder(NAME)
                .tag("phase", phase)
                .description("time taken to handle a message: all of it (phase all, from its bytes to its"
                        + " acknowledgment's), or preparing and committing it (phase commit, the wait for its group"
                        + " and the WAL flush included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25))
                .register(meters);
    }
}
