package health.isthmus.hl7ingest.store;

import java.sql.Timestamp;
import java.util.Optional;
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
                            control_id, version, charset, raw_message, ack_code)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                        message.acknowledgmentCode())
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
}
