package health.isthmus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void serverIsPostgresSeventeenAndEverySchemaStartsEmpty() throws Exception {
        String first = TestPostgres.freshSchema(TestPostgresTest.class);
        String second = TestPostgres.freshSchema(TestPostgresTest.class);

        try (Connection connection = TestPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table " + first + ".marker (id int)");
            try (ResultSet version = statement.executeQuery("show server_version")) {
                version.next();
                assertThat(version.getString(1)).startsWith("17.");
            }
            try (ResultSet tables = statement.executeQuery(
                    "select count(*) from information_schema.tables where table_schema = '" + second + "'")) {
                tables.next();
                assertThat(tables.getInt(1)).isZero();
            }
        }
        assertThat(first).isNotEqualTo(second);
    }
}
