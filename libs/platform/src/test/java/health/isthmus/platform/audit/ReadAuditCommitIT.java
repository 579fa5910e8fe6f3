package health.isthmus.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.postgres.TestPostgres;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** On the real test PostgreSQL, one connection, as a pooled connection is reused by the next request. */
class ReadAuditCommitIT {

    private SingleConnectionDataSource connection;
    private JdbcClient jdbc;
    private TransactionTemplate transactions;

    @BeforeEach
    void oneConnectionThatWaitsForTheDisk() throws Exception {
        Connection raw = TestPostgres.dataSource().getConnection();
        connection = new SingleConnectionDataSource(raw, true);
        jdbc = JdbcClient.create(connection);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(connection));
        // the test server itself never waits (speed); production's setting is set for this session
        jdbc.sql("set synchronous_commit = on").update();
    }

    @AfterEach
    void close() {
        connection.destroy();
    }

    @Test
    void aReadsTransactionCommitsWithoutWaitingAndTheNextTransactionOnTheConnectionWaitsAgain() {
        ReadAuditCommit reads = new ReadAuditCommit(jdbc, false);

        String duringTheRead = transactions.execute(tx -> {
            reads.applyToCurrentTransaction();
            return setting();
        });
        String afterwards = transactions.execute(tx -> setting());

        assertThat(duringTheRead).isEqualTo("off");
        assertThat(afterwards).isEqualTo("on");
    }

    @Test
    void configuredDurableReadsWaitLikeEveryOtherCommit() {
        ReadAuditCommit reads = new ReadAuditCommit(jdbc, true);

        String duringTheRead = transactions.execute(tx -> {
            reads.applyToCurrentTransaction();
            return setting();
        });

        assertThat(duringTheRead).isEqualTo("on");
    }

    private String setting() {
        return jdbc.sql("select current_setting('synchronous_commit')")
                .query(String.class)
                .single();
    }
}
