package health.isthmus.hl7ingest.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The service's message store as seen from PostgreSQL, through its key columns only (sending application and
 * facility, control id, ACK code): the raw message is not read.
 */
final class StoredMessages {

    private final DataSource database;
    private final String schema;

    StoredMessages(DataSource database, String schema) {
        this.database = database;
        this.schema = schema;
    }

    /** For every stored {@code MSH-3|MSH-4|MSH-10}: the ACK codes of its rows (more than one: stored twice). */
    Map<String, List<String>> ackCodesByKey() {
        Map<String, List<String>> rows = new HashMap<>();
        String sql =
                "select sending_application, sending_facility, control_id, ack_code from " + schema + ".hl7_message";
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.computeIfAbsent(
                                TestMessage.key(result.getString(1), result.getString(2), result.getString(3)),
                                key -> new ArrayList<>())
                        .add(result.getString(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + schema + ".hl7_message", e);
        }
        return rows;
    }
}
