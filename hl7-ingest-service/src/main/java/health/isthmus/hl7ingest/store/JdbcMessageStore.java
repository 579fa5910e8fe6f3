package health.isthmus.hl7ingest.store;

import health.isthmus.hl7.message.RawHeader;
import health.isthmus.platform.outbox.TransactionalOutbox.OutboxEntry;
import health.isthmus.platform.security.SiteScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The message store in the service's PostgreSQL schema. */
@Repository
public class JdbcMessageStore implements MessageStore {

    /** Ids fetched from the sequence at a time: one round trip for this many messages. */
    private static final int ID_BLOCK = 256;

    private final JdbcClient jdbc;
    private final MessageCipher cipher;
    private final ArrayDeque<Long> reservedIds = new ArrayDeque<>();

    public JdbcMessageStore(JdbcClient jdbc, MessageCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public Sealed seal(long id, ReceivedMessage message) {
        String identity = MessageCipher.identity(
                message.header().sendingApplication(),
                message.header().sendingFacility(),
                message.header().controlId());
        return new Sealed(id, message, cipher.seal(message.rawText(), identity), cipher.activeKeyId());
    }

    @Override
    public List<Saved> saveAll(List<Sealed> messages, List<EventOfMessage> events) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(messages.size() * 17 + events.size() * (OutboxEntry.COLUMNS + 2));
        for (Sealed sealed : messages) {
            ReceivedMessage message = sealed.message();
            params.add(sealed.id());
            params.add(Timestamp.from(message.receivedAt()));
            params.add(message.remoteAddress());
            params.add(message.header().sendingApplication());
            params.add(message.header().sendingFacility());
            params.add(message.header().receivingApplication());
            params.add(message.header().receivingFacility());
            params.add(message.header().messageType());
            params.add(message.triggerEvent());
            params.add(message.header().controlId());
            params.add(message.header().version());
            params.add(message.charset());
            params.add(sealed.rawSealed());
            params.add(sealed.keyId());
            params.add(message.acknowledgmentCode());
            params.add(message.patientKey());
            params.add(message.site());
        }
        StringBuilder sql = new StringBuilder()
                .append("with stored as (\n    insert into hl7_message (id, received_at, remote_address,")
                .append(" sending_application, sending_facility, receiving_application, receiving_facility,")
                .append(" message_type, trigger_event, control_id, version, charset, raw_sealed, key_id, ack_code,")
                .append(" patient_key, site)\n    overriding system value\n    values ");
        sql.append(String.join(", ", Collections.nCopies(messages.size(), "(" + "?, ".repeat(16) + "?)")));
        // a message stored before (or twice in the group) is skipped, and so are its events
        sql.append("\n    on conflict (sending_application, sending_facility, control_id) do nothing")
                .append("\n    returning id)");
        if (!events.isEmpty()) {
            int ordinal = 0;
            for (EventOfMessage event : events) {
                params.add(ordinal++);
                params.add(event.messageId());
                event.entry().addParameters(params);
            }
            sql.append(",\npublished as (\n    insert into outbox_event (")
                    .append(OutboxEntry.COLUMN_LIST)
                    .append(")\n    select ")
                    .append(OutboxEntry.COLUMN_LIST)
                    .append("\n    from (values ")
                    .append(String.join(
                            ", ",
                            Collections.nCopies(
                                    events.size(), "(?::int, ?::bigint, " + OutboxEntry.TYPED_PLACEHOLDERS + ")")))
                    .append(") as event (ordinal, message_id, ")
                    .append(OutboxEntry.COLUMN_LIST)
                    // the outbox ids follow the order given, which is the order the relay sends in
                    .append(")\n    where message_id = 0 or message_id in (select id from stored)")
                    .append("\n    order by ordinal)");
        }
        sql.append("\nselect id from stored");
        Set<Long> stored = new HashSet<>(
                jdbc.sql(sql.toString()).params(params).query(Long.class).list());
        List<Saved> saved = new ArrayList<>(messages.size());
        for (Sealed sealed : messages) {
            RawHeader header = sealed.message().header();
            saved.add(
                    stored.contains(sealed.id())
                            ? new Saved(sealed.id(), sealed.message().acknowledgmentCode())
                            : new Saved(
                                    null,
                                    acknowledgmentCodeOf(
                                                    header.sendingApplication(),
                                                    header.sendingFacility(),
                                                    header.controlId())
                                            .orElseThrow()));
        }
        return saved;
    }

    @Override
    public long[] reserveIds(int count) {
        synchronized (reservedIds) {
            if (reservedIds.size() < count) {
                reservedIds.addAll(jdbc.sql("""
                                select nextval(pg_get_serial_sequence('hl7_message', 'id'))
                                from generate_series(1, ?)
                                """)
                        .param(Math.max(count - reservedIds.size(), ID_BLOCK))
                        .query(Long.class)
                        .list());
            }
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                ids[i] = reservedIds.removeFirst();
            }
            return ids;
        }
    }

    @Override
    public Optional<String> acknowledgmentCodeOf(String sendingApplication, String sendingFacility, String controlId) {
        return jdbc.sql("""
                        select ack_code from hl7_message
                        where sending_application = ? and sending_facility = ? and control_id = ?
                        """)
                .params(sendingApplication, sendingFacility, controlId)
                .query(String.class)
                .optional();
    }

    @Override
    public int sealPlainMessages(int limit) {
        List<Object[]> rows = jdbc.sql("""
                        select id, sending_application, sending_facility, control_id, raw_message
                        from hl7_message where raw_sealed is null order by id limit ? for update skip locked
                        """)
                .param(limit)
                .query((rs, row) -> new Object[] {
                    rs.getLong("id"),
                    cipher.seal(
                            rs.getString("raw_message"),
                            MessageCipher.identity(
                                    rs.getString("sending_application"),
                                    rs.getString("sending_facility"),
                                    rs.getString("control_id")))
                })
                .list();
        for (Object[] row : rows) {
            jdbc.sql("update hl7_message set raw_sealed = ?, key_id = ?, raw_message = null where id = ?")
                    .params(row[1], cipher.activeKeyId(), row[0])
                    .update();
        }
        return rows.size();
    }

    @Override
    public int purgeReceivedBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                        delete from hl7_message where id in (
                            select id from hl7_message where received_at < ? order by received_at limit ?)
                        """).params(Timestamp.from(cutoff), limit).update();
    }

    private static final String SUMMARY_COLUMNS = "id, received_at, sending_application, sending_facility,"
            + " message_type, trigger_event, control_id, version, ack_code, patient_key, site";

    @Override
    public List<MessageSummary> search(MessageSearch search) {
        StringBuilder sql = new StringBuilder("select " + SUMMARY_COLUMNS + " from hl7_message where true");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " and control_id = ?", search.controlId());
        condition(sql, params, " and sending_application = ?", search.sendingApplication());
        condition(sql, params, " and sending_facility = ?", search.sendingFacility());
        condition(sql, params, " and trigger_event = ?", search.triggerEvent());
        if (search.patient() != null) {
            if (search.patient().contains("|")) {
                condition(sql, params, " and patient_key = ?", search.patient());
            } else {
                condition(sql, params, " and split_part(patient_key, '|', 2) = ?", search.patient());
            }
        }
        condition(sql, params, " and received_at >= ?", timestamp(search.from()));
        condition(sql, params, " and received_at < ?", timestamp(search.to()));
        condition(sql, params, " and site = any(?)", search.sites().sitesOrNull());
        sql.append(" order by received_at desc, id desc limit ?");
        params.add(search.limit());
        return jdbc.sql(sql.toString())
                .params(params)
                .query(JdbcMessageStore::summary)
                .list();
    }

    @Override
    public Optional<StoredMessage> find(long id) {
        return jdbc.sql("select " + SUMMARY_COLUMNS
                        + ", charset, remote_address, raw_message, raw_sealed, key_id from hl7_message where id = ?")
                .param(id)
                .query((rs, row) -> new StoredMessage(
                        summary(rs, row), rs.getString("charset"), rs.getString("remote_address"), rawText(rs)))
                .optional();
    }

    @Override
    public List<MessageCount> statistics(SiteScope sites) {
        return jdbc.sql("""
                        select message_type, trigger_event, ack_code, count(*) as messages
                        from hl7_message where cast(? as text[]) is null or site = any(?)
                        group by message_type, trigger_event, ack_code
                        order by message_type, trigger_event, ack_code
                        """)
                .param(sites.sitesOrNull())
                .param(sites.sitesOrNull())
                .query((rs, row) -> new MessageCount(
                        rs.getString("message_type"),
                        rs.getString("trigger_event"),
                        rs.getString("ack_code"),
                        rs.getLong("messages")))
                .list();
    }

    @Override
    public List<Sender> sendersWithoutSite(int limit) {
        return jdbc.sql("""
                        select distinct sending_application, sending_facility from hl7_message where site is null
                         limit ?
                        """).param(limit).query(Sender.class).list();
    }

    @Override
    public int assignSite(Sender sender, String site) {
        return jdbc.sql("""
                        update hl7_message set site = ?
                         where site is null and sending_application = ? and sending_facility = ?
                        """)
                .params(site, sender.sendingApplication(), sender.sendingFacility())
                .update();
    }

    private String rawText(ResultSet rs) throws SQLException {
        byte[] sealed = rs.getBytes("raw_sealed");
        if (sealed == null) {
            return rs.getString("raw_message"); // written before encryption, sealed at the next start-up
        }
        return cipher.open(
                sealed,
                rs.getString("key_id"),
                MessageCipher.identity(
                        rs.getString("sending_application"),
                        rs.getString("sending_facility"),
                        rs.getString("control_id")));
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, @Nullable Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static MessageSummary summary(ResultSet rs, int row) throws SQLException {
        return new MessageSummary(
                rs.getLong("id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("sending_application"),
                rs.getString("sending_facility"),
                rs.getString("message_type"),
                rs.getString("trigger_event"),
                rs.getString("control_id"),
                rs.getString("version"),
                rs.getString("ack_code"),
                rs.getString("patient_key"),
                rs.getString("site"));
    }
}
