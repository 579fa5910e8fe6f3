package health.isthmus.dicomweb.lifecycle;

import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.platform.outbox.EventPublisher;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces {@code StudyStable} for every filed study no instance has reached for the quiet time, once per quiet
 * spell: a new instance clears {@code stable_published_at}, so the study is announced again when it falls quiet once
 * more. Held studies are announced once reconciled. Several instances of the service share the work: each locks the
 * rows it announces and skips those another one holds.
 */
@Component
public class StudyStability {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventPublisher events;
    private final ArchivedStudies studies;
    private final StabilityProperties properties;
    private final Clock clock;

    public StudyStability(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            EventPublisher events,
            ArchivedStudies studies,
            StabilityProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.studies = studies;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    private record QuietStudy(long studyPk, Timestamp lastInstanceAt) {}

    @Scheduled(
            initialDelayString = "${isthmus.dicomweb.stability.check-interval:5s}",
            fixedDelayString = "${isthmus.dicomweb.stability.check-interval:5s}")
    void check() {
        int announced;
        do {
            announced = announceQuietStudies();
        } while (announced == properties.batchSize());
    }

    /** Announces up to a batch of quiet studies in one transaction; returns how many. */
    int announceQuietStudies() {
        Integer announced = transactions.execute(tx -> {
            Instant now = clock.instant();
            List<QuietStudy> quiet = jdbc.sql("""
                            select study_pk, last_instance_at from study
                             where stable_published_at is null and filing = 'FILED' and last_instance_at <= ?
                             order by last_instance_at
                             limit ?
                               for update skip locked
                            """)
                    .param(Timestamp.from(now.minus(properties.quietTime())))
                    .param(properties.batchSize())
                    .query(QuietStudy.class)
                    .list();
            for (QuietStudy study : quiet) {
                jdbc.sql("update study set stable_published_at = ? where study_pk = ?")
                        .param(Timestamp.from(now))
                        .param(study.studyPk())
                        .update();
                events.publish(new StudyStable(
                        studies.byPk(study.studyPk()), study.lastInstanceAt().toInstant()));
            }
            return quiet.size();
        });
        return announced == null ? 0 : announced;
    }
}
