package health.isthmus.hl7ingest;

import static health.isthmus.hl7ingest.Hl7Fixtures.fixtureText;
import static health.isthmus.hl7ingest.Hl7Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.hl7.mllp.MllpServer;
import health.isthmus.hl7.mllp.MllpServerSettings;
import health.isthmus.hl7ingest.intake.MllpIntakeListener;
import health.isthmus.hl7ingest.store.MessageStoreHousekeeping;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Behaviour that depends on configuration, over a real socket: a site whose messages come in ISO-8859-1
 * without MSH-18, other messages kept by policy, enhanced-mode application acknowledgments delivered to a
 * HIS listener (a plain MLLP server in the test), retention and the sealing of plain-text messages.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.hl7-ingest.mllp.port=0",
            "isthmus.hl7-ingest.other-messages=store",
            "isthmus.hl7-ingest.store.retention=P365D",
            "isthmus.hl7-ingest.store.housekeeping-initial-delay=PT1H",
            "isthmus.hl7-ingest.application-ack.first-retry=PT0.2S",
            "isthmus.hl7-ingest.application-ack.poll-interval=PT0.1S"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class Hl7IngestPoliciesIT {

    /** The HIS's own listener: records every application acknowledgment, refuses the first one with AE. */
    private static final List<String> received = new CopyOnWriteArrayList<>();

    private static final AtomicInteger answered = new AtomicInteger();
    private static final MllpServer his = new MllpServer(
            new MllpServerSettings(0, "127.0.0.1", 1024 * 1024, Duration.ofSeconds(5), 4), (message, peer) -> {
                String text = new String(message, StandardCharsets.ISO_8859_1);
                received.add(text);
                String code = answered.getAndIncrement() == 0 ? "AE" : "CA";
                return ("MSH|^~\\&|HIS|NORTHCLINIC|ISTHMUS|RADIOLOGY|20261128||ACK|HIS-" + answered.get()
                                + "|P|2.5.1\rMSA|" + code + "|" + controlId(text) + "\r")
                        .getBytes(StandardCharsets.ISO_8859_1);
            });

    @DynamicPropertySource
    static void hisListener(DynamicPropertyRegistry registry) throws Exception {
        his.start();
        // a list binds from one property source only, so the whole site is declared here
        registry.add("isthmus.hl7-ingest.senders.sites[0].name", () -> "NORTHCLINIC");
        registry.add("isthmus.hl7-ingest.senders.sites[0].facility", () -> "NORTHCLINIC");
        registry.add("isthmus.hl7-ingest.senders.sites[0].charset", () -> "ISO-8859-1");
        registry.add("isthmus.hl7-ingest.senders.sites[0].default-assigning-authority", () -> "NORTHCLINIC");
        registry.add("isthmus.hl7-ingest.senders.sites[0].application-ack-address", () -> "127.0.0.1:" + his.port());
    }

    @AfterAll
    static void stopHisListener() {
        his.close();
    }

    @Autowired
    MllpIntakeListener listener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MessageStoreHousekeeping housekeeping;

    @LocalServerPort
    int httpPort;

    @Test
    void latinOneWithoutMsh18IsReadInTheSitesCharacterSet() throws Exception {
        String message = fixtureText("adt_a01_admit_utf8.hl7")
                .replace("|EPICADT|GENHOSP|", "|NCADT|NORTHCLINIC|")
                .replace("MRN100003^^^GENHOSP^MR", "NC-2001^^^NORTHCLINIC^MR")
                .replace("MSG-A01-0001", "NC-A01-0001")
                .replace("UNICODE UTF-8", "");
        byte[] latin1 = message.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(latin1).as("the test sends single-byte umlauts").hasSize(message.length());

        String ack = Hl7Fixtures.send(listener.port(), latin1, StandardCharsets.ISO_8859_1);

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|NC-A01-0001");
        try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
            List<ConsumerRecord<String, byte[]>> records =
                    reader.await(r -> r.key().equals("NORTHCLINIC|NC-2001"), 1, Duration.ofSeconds(30));
            PatientAdmitted admitted = json.readValue(records.getFirst().value(), PatientAdmitted.class);
            assertThat(admitted.patient().names().getFirst().family()).isEqualTo("MÜLLER");
            assertThat(admitted.origin().site()).isEqualTo("NORTHCLINIC");
        }
        String stored = view(messageId("NC-A01-0001"));
        assertThat(stored).contains("MÜLLER^JÜRGEN").contains("ZÜRICH");
    }

    @Test
    void otherWellFormedMessagesAreStoredAndAcknowledgedWithoutAnEvent() throws Exception {
        String scheduling = "MSH|^~\\&|NCSCHED|NORTHCLINIC|ISTHMUS|RADIOLOGY|20261128100000||SIU^S12^SIU_S12|"
                + "NC-SIU-0001|P|2.5.1\rSCH|APPT-1|APPT-1\rPID|1||NC-3001^^^NORTHCLINIC^MR||ROE^ANN||19700101|F\r";

        String ack = Hl7Fixtures.send(listener.port(), scheduling.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|NC-SIU-0001");
        assertThat(view(messageId("NC-SIU-0001"))).contains("SCH|APPT-1");
        assertThat(jdbc.sql(
                                "select count(*) from outbox_event where topic like 'hl7.%' and payload like '%NC-SIU-0001%'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void enhancedModeSendsApplicationAcknowledgmentsToTheReturnAddressAndRetriesUntilAccepted() throws Exception {
        String valid = fixtureText("adt_a04_enhanced_ack.hl7")
                .replace("|EPICADT|GENHOSP|", "|NCADT|NORTHCLINIC|")
                .replace("MRN100004^^^GENHOSP^MR", "NC-4001^^^NORTHCLINIC^MR")
                .replace("MSG-A04-0003", "NC-A04-0003");
        String invalid = valid.replace("NC-4001^^^NORTHCLINIC^MR", "")
                .replace("NC-A04-0003", "NC-A04-0004")
                .replace("|AL|AL", "|AL|ER");

        String accepted = Hl7Fixtures.send(listener.port(), valid.getBytes(StandardCharsets.ISO_8859_1));
        String refused = Hl7Fixtures.send(listener.port(), invalid.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(segment(accepted, "MSA")).isEqualTo("MSA|CA|NC-A04-0003");
        assertThat(segment(refused, "MSA")).isEqualTo("MSA|CE|NC-A04-0004");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sentApplicationAcks() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sentApplicationAcks())
                .as("application acknowledgments delivered")
                .isEqualTo(2);
        String successAck = received.stream()
                .filter(ack -> controlIdAnswered(ack).equals("NC-A04-0003"))
                .findFirst()
                .orElseThrow();
        String errorAck = received.stream()
                .filter(ack -> controlIdAnswered(ack).equals("NC-A04-0004"))
                .findFirst()
                .orElseThrow();
        assertThat(segment(successAck, "MSA")).startsWith("MSA|AA|NC-A04-0003");
        assertThat(segment(errorAck, "MSA")).startsWith("MSA|AE|NC-A04-0004");
        assertThat(segment(errorAck, "ERR")).contains("PID^1^3");
        assertThat(received)
                .as("the first delivery was refused by the HIS and retried")
                .hasSizeGreaterThan(2);
    }

    @Test
    void retentionPurgesOldMessagesAndPlainTextLeftByEarlierVersionsIsSealed() throws Exception {
        String old = fixtureText("adt_a04_register.hl7")
                .replace("|EPICADT|GENHOSP|", "|NCADT|NORTHCLINIC|")
                .replace("MSG-A04-0001", "NC-OLD-0001");
        assertThat(segment(Hl7Fixtures.send(listener.port(), old.getBytes(StandardCharsets.ISO_8859_1)), "MSA"))
                .isEqualTo("MSA|AA|NC-OLD-0001");
        jdbc.sql("update hl7_message set received_at = now() - interval '400 days' where control_id = 'NC-OLD-0001'")
                .update();
        jdbc.sql("""
                        insert into hl7_message (received_at, remote_address, sending_application, sending_facility,
                            receiving_application, receiving_facility, message_type, trigger_event, control_id,
                            version, charset, raw_message, ack_code, patient_key)
                        values (now(), '127.0.0.1', 'NCADT', 'NORTHCLINIC', 'ISTHMUS', 'RADIOLOGY', 'ADT^A08',
                            'A08', 'NC-PLAIN-0001', '2.5.1', 'UTF-8', ?, 'AA', 'NORTHCLINIC|NC-5001')
                        """)
                .param("MSH|^~\\&|NCADT|NORTHCLINIC|ISTHMUS|RADIOLOGY|20261101||ADT^A08|NC-PLAIN-0001|P|2.5.1\r"
                        + "PID|1||NC-5001^^^NORTHCLINIC^MR||PLAIN^TEXT\r")
                .update();

        housekeeping.run();

        assertThat(messageCount("NC-OLD-0001")).as("older than the retention").isZero();
        assertThat(jdbc.sql("select raw_message is null and raw_sealed is not null from hl7_message"
                                + " where control_id = 'NC-PLAIN-0001'")
                        .query(Boolean.class)
                        .single())
                .as("plain text sealed")
                .isTrue();
        assertThat(view(messageId("NC-PLAIN-0001"))).contains("PLAIN^TEXT");
    }

    private int sentApplicationAcks() {
        return jdbc.sql("select count(*) from application_ack where status = 'sent'")
                .query(Integer.class)
                .single();
    }

    private long messageId(String controlId) {
        return jdbc.sql("select id from hl7_message where control_id = ?")
                .param(controlId)
                .query(Long.class)
                .single();
    }

    private int messageCount(String controlId) {
        return jdbc.sql("select count(*) from hl7_message where control_id = ?")
                .param(controlId)
                .query(Integer.class)
                .single();
    }

    private String view(long id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/hl7/messages/" + id))
                                .header(
                                        "Authorization",
                                        "Bearer " + TestIssuer.get().token("dev-admin", "admin"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body()).path("rawText").asString();
    }

    private static String controlId(String message) {
        String[] msh = segment(message, "MSH").split("\\|", -1);
        return msh.length > 9 ? msh[9] : "";
    }

    private static String controlIdAnswered(String ack) {
        String[] msa = segment(ack, "MSA").split("\\|", -1);
        return msa.length > 2 ? msa[2] : "";
    }
}
