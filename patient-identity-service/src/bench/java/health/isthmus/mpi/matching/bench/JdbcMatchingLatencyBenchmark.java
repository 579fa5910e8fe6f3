package health.isthmus.mpi.matching.bench;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.mpi.matching.DemographicsTranslator;
import health.isthmus.mpi.matching.JdbcCandidateIndex;
import health.isthmus.mpi.matching.MatchingProperties;
import health.isthmus.mpi.matching.domain.Demographics;
import health.isthmus.mpi.matching.domain.Identifier;
import health.isthmus.mpi.matching.domain.MatchDecision;
import health.isthmus.mpi.matching.domain.MatchingEngine;
import health.isthmus.mpi.matching.domain.MatchingSettings;
import health.isthmus.mpi.matching.domain.Name;
import health.isthmus.mpi.matching.domain.Nicknames;
import health.isthmus.mpi.matching.domain.SyntheticPopulation;
import health.isthmus.mpi.matching.domain.SyntheticPopulation.SourceRecord;
import health.isthmus.mpi.registry.PatientRecord;
import health.isthmus.mpi.registry.PatientRecords;
import health.isthmus.testsupport.postgres.TestPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of matching one incoming record the way the service does: the candidate index in PostgreSQL (embedded,
 * the schema migrated by the service's own Flyway scripts), 100,000 identities of the synthetic population stored as
 * source records with their blocking keys, the candidates' demographics read back as JSON and normalised per match.
 * Incoming records as in {@link MatchingLatencyBenchmark}: duplicates to find and new patients, matched but never
 * added. Loading the index takes a few minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class JdbcMatchingLatencyBenchmark {

    static final int IDENTITIES = MatchingLatencyBenchmark.IDENTITIES;
    private static final int RECORDS_PER_TRANSACTION = 2_000;

    private MatchingEngine engine;
    private DemographicsTranslator translator;
    private List<PatientDemographics> incoming;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        DataSource dataSource = new SingleConnectionDataSource(
                TestPostgres.server().getJdbcUrl("postgres", "postgres") + "&currentSchema=mpi_bench", true);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("mpi_bench")
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        JsonMapper json = JsonMapper.builder().build();
        MatchingProperties properties = new MatchingProperties(null, null, null, null, null);
        translator = new DemographicsTranslator(properties);
        engine = new MatchingEngine(
                new JdbcCandidateIndex(jdbc, json, translator), MatchingSettings.defaults(), Nicknames.standard());
        PatientRecords records = new PatientRecords(jdbc, json);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        List<SourceRecord> population = SyntheticPopulation.generate(7L, IDENTITIES + 10_000);
        Map<Integer, SourceRecord> lastOfPerson = new HashMap<>();
        Map<Integer, Integer> recordsOfPerson = new HashMap<>();
        for (SourceRecord r : population) {
            lastOfPerson.put(r.personId(), r);
            recordsOfPerson.merge(r.personId(), 1, Integer::sum);
        }
        List<SourceRecord> toIndex = new ArrayList<>();
        incoming = new ArrayList<>();
        for (SourceRecord r : population) {
            boolean heldOut = r.personId() >= IDENTITIES
                    || (recordsOfPerson.get(r.personId()) > 1 && lastOfPerson.get(r.personId()) == r);
            if (heldOut) {
                incoming.add(patient(r.demographics()));
            } else {
                toIndex.add(r);
            }
        }
        long started = System.nanoTime();
        Map<Integer, UUID> identities = new HashMap<>();
        for (int from = 0; from < toIndex.size(); from += RECORDS_PER_TRANSACTION) {
            List<SourceRecord> batch = toIndex.subList(from, Math.min(toIndex.size(), from + RECORDS_PER_TRANSACTION));
            transactions.executeWithoutResult(status -> {
                jdbc.sql("set local synchronous_commit = off").update();
                for (SourceRecord r : batch) {
                    Instant now = Instant.now();
                    UUID euid = identities.computeIfAbsent(r.personId(), person -> records.newIdentity(now));
                    PatientDemographics patient = patient(r.demographics());
                    PatientRecord stored = records.create(euid, patient, "GENHOSP", "bench", now);
                    engine.index(stored.id(), euid, translator.toMatching(patient));
                }
            });
        }
        jdbc.sql("analyze").update();
        System.out.printf(
                "%n%,d identities, %,d source records stored and indexed in PostgreSQL in %.0f s; %,d incoming records%n",
                identities.size(), toIndex.size(), (System.nanoTime() - started) / 1e9, incoming.size());
    }

    @Benchmark
    public MatchDecision matchOneRecord() {
        PatientDemographics patient = incoming.get(next);
        next = next + 1 == incoming.size() ? 0 : next + 1;
        return engine.match(translator.toMatching(patient));
    }

    /** The synthetic record as hl7-ingest would have published it. */
    private static PatientDemographics patient(Demographics d) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        for (Identifier id : d.identifiers()) {
            identifiers.add(new PatientIdentifier(id.value(), id.authority(), "MR"));
        }
        if (d.nationalId() != null) {
            identifiers.add(new PatientIdentifier(d.nationalId(), "NATIONAL", "NI"));
        }
        List<PersonName> names = new ArrayList<>();
        for (Name n : d.names()) {
            List<String> given = new ArrayList<>();
            if (n.given() != null) {
                given.add(n.given());
            }
            if (n.middle() != null) {
                given.add(n.middle());
            }
            names.add(new PersonName(n.family(), given, null, null));
        }
        String sex = switch (d.sex()) {
            case FEMALE -> "F";
            case MALE -> "M";
            case OTHER -> "O";
            case UNKNOWN -> null;
        };
        return new PatientDemographics(
                identifiers,
                names,
                d.birthDate(),
                sex,
                d.address() == null
                        ? null
                        : new PostalAddress(
                                d.address().lines(),
                                d.address().city(),
                                null,
                                d.address().postalCode(),
                                null),
                d.phone());
    }
}
