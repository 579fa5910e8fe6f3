package health.isthmus.hl7ingest.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The message store in the service's PostgreSQL schema. */
@Repository
public class JdbcMessageStore implements MessageStore {

    private final JdbcClient jdbc;

    public JdbcMessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long save(ReceivedMessage message) {
        return jdbc.sql("""
                        insert into hl7_message (
                            received_at, remote_address, sending_application, sending_facility,
                            receiving_application, receiving_facility, message_type, trigger_event,
                            control_id, version, charset, raw_message, ack_code, patient_key)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        returning id
                        """)
                .params(
                        Timestamp.from(message.receivedAt()),
                        message.remoteAddress(),
                        message.header().sendingApplication(),
                        message.header().sendingFacility(),
                        message.header().receivingApplication(),
                        message.header().receivingFacility(),
                        message.header().messageType(),
                        message.triggerEvent(),
                        message.header().controlId(),
                        message.header().version(),
                        message.charset(),
                        message.rawText(),
                        message.acknowledgmentCode(),
                        message.patientKey())
                .query(Long.class)
                .single();
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

    private static final String SUMMARY_COLUMNS =
            "id, received_at, sending_application, sending_facility, message_type,"
                    + " trigger_event, control_id, version, ack_code, patient_key";

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
                        + ", charset, remote_address, raw_message from hl7_message where id = ?")
                .param(id)
                .query((rs, row) -> new StoredMessage(
                        summary(rs, row),
                        rs.getString("charset"),
                        rs.getString("remote_address"),
                        rs.getString("raw_message")))
                .optional();
    }

    @Override
    public List<MessageCount> statistics() {
        return jdbc.sql("""
                        select message_type, trigger_event, ack_code, count(*) as messages
                        from hl7_message group by message_type, trigger_event, ack_code
                        order by message_type, trigger_event, ack_code
                        """)
                .query((rs, row) -> new MessageCount(
                        rs.getString("message_type"),
                        rs.getString("trigger_event"),
                        rs.getString("ack_code"),
                        rs.getLong("messages")))
                .list();
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
                rs.getString("patient_key"));
    }
}
