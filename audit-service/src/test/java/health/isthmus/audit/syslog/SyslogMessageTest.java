package health.isthmus.audit.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.GoldenSamples;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SyslogMessageTest {

    private final AuditEventRecorded golden = (AuditEventRecorded) GoldenSamples.expected(AuditEventRecorded.class);

    @Test
    void aSuccessIsANoticeOfTheSecurityFacilityWithTheXmlAfterAByteOrderMark() {
        String message = new String(SyslogMessage.of(golden, "pacs host", "isthmus"), StandardCharsets.UTF_8);

        assertThat(message).startsWith("<85>1 2026-11-27T08:30:00.125Z pacshost isthmus - IHE+RFC-3881 - \uFEFF<?xml");
    }

    @Test
    void aFailureIsAWarning() {
        AuditEventRecorded refused = new AuditEventRecorded(
                golden.event(),
                golden.eventTypes(),
                golden.action(),
                golden.occurredAt(),
                AuditOutcome.SERIOUS_FAILURE,
                "refused",
                golden.participants(),
                golden.source(),
                golden.objects(),
                null);

        assertThat(new String(SyslogMessage.of(refused, "h", "isthmus"), StandardCharsets.UTF_8))
                .startsWith("<84>1 ");
        assertThat(AuditMessageXml.of(refused)).contains("<EventOutcomeDescription>refused</EventOutcomeDescription>");
    }

    @Test
    void theAuditMessageFollowsPs315() throws Exception {
        Element root = parse(AuditMessageXml.of(golden)).getDocumentElement();

        assertThat(root.getTagName()).isEqualTo("AuditMessage");
        Element event = child(root, "EventIdentification");
        assertThat(event.getAttribute("EventActionCode")).isEqualTo("C");
        assertThat(event.getAttribute("EventDateTime")).isEqualTo("2026-11-27T08:30:00.125Z");
        assertThat(event.getAttribute("EventOutcomeIndicator")).isEqualTo("0");
        assertThat(child(event, "EventID").getAttribute("csd-code")).isEqualTo("110110");
        assertThat(child(event, "EventTypeCode").getAttribute("csd-code")).isEqualTo("ADT^A04");
        var participants = root.getElementsByTagName("ActiveParticipant");
        assertThat(participants.getLength()).isEqualTo(2);
        Element source = (Element) participants.item(0);
        assertThat(source.getAttribute("UserID")).isEqualTo("EPICADT|GENHOSP");
        assertThat(source.getAttribute("NetworkAccessPointTypeCode")).isEqualTo("2");
        assertThat(child(source, "RoleIDCode").getAttribute("csd-code")).isEqualTo("110153");
        assertThat(child((Element) participants.item(1), "RoleIDCode").getAttribute("csd-code"))
                .isEqualTo("110152");
        Element auditSource = child(root, "AuditSourceIdentification");
        assertThat(auditSource.getAttribute("AuditSourceID")).isEqualTo("hl7-ingest-service");
        assertThat(auditSource.getAttribute("AuditEnterpriseSiteID")).isEqualTo("GENHOSP");
        var objects = root.getElementsByTagName("ParticipantObjectIdentification");
        Element patient = (Element) objects.item(0);
        assertThat(patient.getAttribute("ParticipantObjectID")).isEqualTo("GENHOSP|MRN100001");
        assertThat(child(patient, "ParticipantObjectIDTypeCode").getAttribute("csd-code"))
                .isEqualTo("2");
        Element message = (Element) objects.item(1);
        assertThat(message.getAttribute("ParticipantObjectTypeCode")).isEqualTo("2");
        assertThat(child(message, "ParticipantObjectDetail").getAttribute("value"))
                .isEqualTo("QURUXkEwNA==");
        // element order of the PS3.15 schema
        assertThat(childNames(root))
                .containsExactly(
                        "EventIdentification",
                        "ActiveParticipant",
                        "ActiveParticipant",
                        "AuditSourceIdentification",
                        "ParticipantObjectIdentification",
                        "ParticipantObjectIdentification");
    }

    @Test
    void markupInValuesIsEscaped() throws Exception {
        AuditEventRecorded odd = new AuditEventRecorded(
                golden.event(),
                List.of(),
                golden.action(),
                golden.occurredAt(),
                golden.outcome(),
                null,
                List.of(new AuditParticipant("a<b>&\"c\"", null, true, "host-1", List.of())),
                golden.source(),
                List.of(new AuditObject(AuditObject.Type.QUERY, "name=</AuditMessage>", "query", null)),
                null);

        Element root = parse(AuditMessageXml.of(odd)).getDocumentElement();

        Element participant = child(root, "ActiveParticipant");
        assertThat(participant.getAttribute("UserID")).isEqualTo("a<b>&\"c\"");
        assertThat(participant.getAttribute("NetworkAccessPointTypeCode")).isEqualTo("1");
        Element query = child(root, "ParticipantObjectIdentification");
        assertThat(query.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("24");
        assertThat(new String(
                        java.util.Base64.getDecoder()
                                .decode(child(query, "ParticipantObjectQuery").getTextContent()),
                        StandardCharsets.UTF_8))
                .isEqualTo("name=</AuditMessage>");
    }

    @Test
    void udpSendsOneDatagramPerMessage() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(10_000);
            SyslogProperties properties = new SyslogProperties(
                    true,
                    "127.0.0.1",
                    collector.getLocalPort(),
                    SyslogProperties.Transport.UDP,
                    null,
                    "",
                    null,
                    "",
                    "isthmus",
                    "h",
                    100,
                    java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofMinutes(1),
                    java.time.Duration.ofSeconds(10));
            byte[] sent = SyslogMessage.of(golden, "h", "isthmus");
            try (UdpSyslogTransport transport = new UdpSyslogTransport(properties)) {
                transport.send(sent);
            }
            DatagramPacket received = new DatagramPacket(new byte[65_535], 65_535);
            collector.receive(received);

            assertThat(Arrays.copyOf(received.getData(), received.getLength())).isEqualTo(sent);
        }
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element child(Element parent, String tag) {
        return (Element) parent.getElementsByTagName(tag).item(0);
    }

    private static List<String> childNames(Element parent) {
        var names = new java.util.ArrayList<String>();
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                names.add(element.getTagName());
            }
        }
        return names;
    }
}
