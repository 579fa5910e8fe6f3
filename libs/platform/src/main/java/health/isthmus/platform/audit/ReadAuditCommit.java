package health.isthmus.platform.audit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How a transaction that writes nothing but the audit record of a read (a search, a retrieval) commits. By default it
 * does not wait for the write-ahead log to reach the disk ({@code synchronous_commit = off} for that transaction
 * only): the record is committed and visible at once and on disk within a few hundred milliseconds; a crash of the
 * service loses nothing, only a crash of the database server in that window can lose it. Everything else a service
 * commits (data received, changes and their audit records) still waits for the disk. {@code
 * isthmus.audit.durable-reads=true} makes reads wait too. See ADR 0012.
 */
public final class ReadAuditCommit {

    private final JdbcClient jdbc;
    private final boolean durable;

    public ReadAuditCommit(JdbcClient jdbc, boolean durable) {
        this.jdbc = jdbc;
        this.durable = durable;
    }

    /** Sets the commit mode of the current transaction; call it inside the transaction that records the read. */
    public void applyToCurrentTransaction() {
        if (!durable) {
            jdbc.sql("set local synchronous_commit = off").update();
        }
    }
}
