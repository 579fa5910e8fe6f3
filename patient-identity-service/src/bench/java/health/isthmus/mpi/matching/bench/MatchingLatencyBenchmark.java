package health.isthmus.mpi.matching.bench;

import health.isthmus.mpi.matching.domain.InMemoryCandidateIndex;
import health.isthmus.mpi.matching.domain.MatchDecision;
import health.isthmus.mpi.matching.domain.MatchingEngine;
import health.isthmus.mpi.matching.domain.MatchingSettings;
import health.isthmus.mpi.matching.domain.Nicknames;
import health.isthmus.mpi.matching.domain.SyntheticPopulation;
import health.isthmus.mpi.matching.domain.SyntheticPopulation.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of matching one incoming record against an index of 100,000 identities (about 160,000 source records of
 * the synthetic population), from raw demographics to decision: normalisation, blocking keys, candidate lookup,
 * scoring, ranking. JMH's sample mode prints the p0.50 and p0.99 per record.
 *
 * <p>The incoming records are the last-arriving record of each person with several (a duplicate to find) and every
 * record of 10,000 people who are not indexed (a new patient); they are matched, never added, so every operation
 * sees the same index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class MatchingLatencyBenchmark {

    static final int IDENTITIES = 100_000;

    private MatchingEngine engine;
    private List<SourceRecord> incoming;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<SourceRecord> records = SyntheticPopulation.generate(7L, IDENTITIES + 10_000);
        Map<Integer, SourceRecord> lastOfPerson = new HashMap<>();
        Map<Integer, Integer> recordsOfPerson = new HashMap<>();
        for (SourceRecord r : records) {
            lastOfPerson.put(r.personId(), r);
            recordsOfPerson.merge(r.personId(), 1, Integer::sum);
        }
        engine = new MatchingEngine(new InMemoryCandidateIndex(), MatchingSettings.defaults(), Nicknames.standard());
        incoming = new ArrayList<>();
        int indexed = 0;
        for (SourceRecord r : records) {
            boolean heldOut = r.personId() >= IDENTITIES
                    || (recordsOfPerson.get(r.personId()) > 1 && lastOfPerson.get(r.personId()) == r);
            if (heldOut) {
                incoming.add(r);
            } else {
                engine.index(r.recordId(), new UUID(0, r.personId()), r.demographics());
                indexed++;
            }
        }
        System.out.printf(
                "%n%,d identities, %,d source records indexed; %,d incoming records%n",
                IDENTITIES, indexed, incoming.size());
    }

    @Benchmark
    public MatchDecision matchOneRecord() {
        SourceRecord r = incoming.get(next);
        next = next + 1 == incoming.size() ? 0 : next + 1;
        return engine.match(r.demographics());
    }
}
