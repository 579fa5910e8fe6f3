package health.isthmus.audit.chain;

import health.isthmus.audit.chain.ChainVerification.BrokenRecord;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the chain from the retention anchor to the head in one repeatable-read snapshot: each record's stored
 * hash must be SHA-256 of its predecessor's hash and its own canonical text, its previous hash must be its
 * predecessor's, sequence numbers must follow one another, and the last record must be the one the head names.
 */
@Component
public class ChainVerifier {

    private static final int PAGE = 1000;

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;

    public ChainVerifier(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /** Checks the whole stored chain. */
    public ChainVerification verify() {
        return snapshot.execute(status -> walk());
    }

    private ChainVerification walk() {
        Link anchor = jdbc.sql("select removed_through, removed_hash from audit_chain_anchor")
                .query((rs, row) -> new Link(rs.getLong(1), rs.getBytes(2)))
                .single();
        Link head = jdbc.sql("select last_sequence, last_hash from audit_chain_head")
                .query((rs, row) -> new Link(rs.getLong(1), rs.getBytes(2)))
                .single();
        long expected = anchor.sequence() + 1;
        byte[] previous = anchor.hash();
        long checked = 0;
        while (true) {
            List<Row> rows = jdbc.sql("""
                            select sequence, event_id, canonical, prev_hash, row_hash from audit_record
                            where sequence >= ? order by sequence limit ?
                            """)
                    .params(expected, PAGE)
                    .query((rs, row) ->
                            new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5)))
                    .list();
            for (Row row : rows) {
                BrokenRecord broken = check(row, expected, previous);
                if (broken != null) {
                    return result(false, checked, anchor, head, broken);
                }
                checked++;
                previous = row.rowHash();
                expected = row.sequence() + 1;
            }
            if (rows.size() < PAGE) {
                break;
            }
        }
        long last = expected - 1;
        if (last != head.sequence()) {
            return result(
                    false,
                    checked,
                    anchor,
                    head,
                    new BrokenRecord(
                            last + 1,
                            null,
                            "missing: the chain ends at " + last + " but its head names record " + head.sequence()));
        }
        if (!MessageDigest.isEqual(previous, head.hash())) {
            return result(
                    false,
                    checked,
                    anchor,
                    head,
                    new BrokenRecord(last, null, "the last record's hash is not the one the chain head keeps"));
        }
        return result(true, checked, anchor, head, null);
    }

    private static @Nullable BrokenRecord check(Row row, long expected, byte[] previous) {
        if (row.sequence() != expected) {
            return new BrokenRecord(
                    expected,
                    null,
                    "missing: records " + expected + " to " + (row.sequence() - 1) + " are not in the store");
        }
        if (!MessageDigest.isEqual(row.prevHash(), previous)) {
            return new BrokenRecord(
                    row.sequence(), row.eventId(), "its previous hash is not the hash of the record before it");
        }
        if (!MessageDigest.isEqual(row.rowHash(), ChainHash.next(previous, row.canonical()))) {
            return new BrokenRecord(row.sequence(), row.eventId(), "its content does not match its hash");
        }
        return null;
    }

    private static ChainVerification result(
            boolean valid, long checked, Link anchor, Link head, @Nullable BrokenRecord broken) {
        return new ChainVerification(valid, checked, anchor.sequence() + 1, head.sequence(), anchor.sequence(), broken);
    }

    private record Link(long sequence, byte[] hash) {}

    private record Row(long sequence, String eventId, String canonical, byte[] prevHash, byte[] rowHash) {}
}
