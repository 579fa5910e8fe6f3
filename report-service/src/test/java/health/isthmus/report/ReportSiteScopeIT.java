package health.isthmus.report;

import static health.isthmus.report.ReportClient.admin;
import static health.isthmus.report.ReportClient.radiologist;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Site scoping of reports: with orders and reports at GENHOSP and NORTHCLINIC, a GENHOSP-limited radiologist lists,
 * reads and changes GENHOSP's reports only, gets 404 for NORTHCLINIC's (each refusal audited once), and an accession
 * number known only at NORTHCLINIC is an unknown order to it; an unlimited radiologist and an admin see both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportSiteScopeIT {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private ReportClient client;
    private long genhospReport;
    private long northReport;
    private final String genhospRadiologist =
            TestIssuer.get().tokenForSites(List.of("GENHOSP"), "dr-genhosp", "radiologist");

    @BeforeAll
    void ordersAndReportsAtTwoSites() throws Exception {
        client = new ReportClient(port, json);
        client.placeOrder(jdbc, "GENHOSP", "ACC-SS-G", new PatientIdentifier("MRN300001", "GENHOSP", "MR"));
        client.placeOrder(jdbc, "NORTHCLINIC", "ACC-SS-N", new PatientIdentifier("NC300001", "NORTHCLINIC", "MR"));
        genhospReport = create("ACC-SS-G", radiologist());
        northReport = create("ACC-SS-N", radiologist());
    }

    @AfterAll
    void disconnect() {
        client.close();
    }

    @Test
    void aSiteLimitedRadiologistListsAndReadsItsSitesReportsOnly() throws Exception {
        assertThat(ids("/api/reports?accession=ACC-SS-N", genhospRadiologist)).doesNotContain(northReport);
        assertThat(ids("/api/reports?accession=ACC-SS-N", radiologist())).contains(northReport);
        assertThat(ids("/api/reports?limit=500", genhospRadiologist))
                .contains(genhospReport)
                .doesNotContain(northReport);
        assertThat(ids("/api/reports?limit=500", radiologist())).contains(genhospReport, northReport);
        assertThat(ids("/api/reports?limit=500", admin())).contains(genhospReport, northReport);

        assertThat(client.get("/api/reports/" + genhospReport, genhospRadiologist)
                        .statusCode())
                .isEqualTo(200);
        assertThat(audited(() -> client.get("/api/reports/" + northReport, genhospRadiologist)))
                .isEqualTo(404);
        assertThat(client.get("/api/reports/" + northReport, radiologist()).statusCode())
                .isEqualTo(200);
        assertThat(audited(() -> client.get("/api/reports/" + northReport + "/versions", genhospRadiologist)))
                .isEqualTo(404);
    }

    @Test
    void anotherSitesReportCannotBeChangedAndLooksAbsent() throws Exception {
        assertThat(audited(() ->
                        client.put("/api/reports/" + northReport, "{\"text\": \"overwritten\"}", genhospRadiologist)))
                .isEqualTo(404);
        assertThat(audited(() -> client.post("/api/reports/" + northReport + "/finalize", null, genhospRadiologist)))
                .isEqualTo(404);
        assertThat(audited(() -> client.post("/api/reports/" + northReport + "/cancel", null, genhospRadiologist)))
                .isEqualTo(404);
        JsonNode north = client.read(client.get("/api/reports/" + northReport, radiologist()));
        assertThat(north.get("status").asString()).isEqualTo("draft");
        assertThat(north.get("text").asString()).isNotEqualTo("overwritten");
    }

    @Test
    void anAccessionKnownOnlyAtAnotherSiteIsAnUnknownOrderToASiteLimitedUser() throws Exception {
        HttpResponse<String> created = client.post(
                "/api/reports",
                client.body(Map.of("accessionNumber", "ACC-SS-N", "text", "GENHOSP's own reading")),
                genhospRadiologist);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode draft = client.read(created);
        assertThat(draft.get("site").asString()).isEqualTo("GENHOSP");
        assertThat(draft.path("patient").isMissingNode() || draft.get("patient").isNull())
                .as("no patient of NORTHCLINIC's order is attached")
                .isTrue();
        assertThat(audited(() -> client.post(
                        "/api/reports",
                        client.body(Map.of("accessionNumber", "ACC-SS-N", "site", "NORTHCLINIC", "text", "not mine")),
                        genhospRadiologist)))
                .isEqualTo(403);
    }

    @Test
    void fhirDiagnosticReportsOfAnotherSiteAreNeitherReadNorFound() throws Exception {
        assertThat(audited(() -> client.get("/fhir/DiagnosticReport/" + northReport, genhospRadiologist)))
                .isEqualTo(404);
        assertThat(client.get("/fhir/DiagnosticReport/" + genhospReport, genhospRadiologist)
                        .statusCode())
                .isEqualTo(200);
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-SS-G", genhospRadiologist))
                .containsExactly(genhospReport);
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-SS-N", radiologist()))
                .contains(northReport);
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-SS-N", genhospRadiologist))
                .doesNotContain(northReport);
    }

    @Test
    void theReadingWorklistOfASiteLimitedRadiologistHoldsItsSitesStudiesOnly() throws Exception {
        storedStudy("1.2.826.0.1.3680043.10.9.1", "GENHOSP", "ACC-SS-WG");
        storedStudy("1.2.826.0.1.3680043.10.9.2", "NORTHCLINIC", "ACC-SS-WN");

        assertThat(worklistAccessions(genhospRadiologist)).contains("ACC-SS-WG").doesNotContain("ACC-SS-WN");
        assertThat(worklistAccessions(radiologist())).contains("ACC-SS-WG", "ACC-SS-WN");
        assertThat(worklistAccessions(admin())).contains("ACC-SS-WG", "ACC-SS-WN");
    }

    private void storedStudy(String studyUid, String site, String accession) {
        jdbc.sql("""
                        insert into stored_study (study_instance_uid, site, accession_number, filing,
                            number_of_series, number_of_instances, first_instance_at, updated_at)
                        values (?, ?, ?, 'FILED', 1, 1, now(), now())
                        """).params(studyUid, site, accession).update();
    }

    private List<String> worklistAccessions(String token) throws Exception {
        HttpResponse<String> response = client.get("/api/reports/worklist?limit=500", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return client.read(response).findValuesAsString("accessionNumber");
    }

    /** The status of the call, checking that it left exactly one audit record. */
    private int audited(Callable<HttpResponse<String>> call) throws Exception {
        int before = auditRecords();
        int status = call.call().statusCode();
        assertThat(auditRecords() - before).as("one audit record for the call").isOne();
        return status;
    }

    private int auditRecords() {
        return jdbc.sql("select count(*) from outbox_event where topic = 'audit.record.v1'")
                .query(Integer.class)
                .single();
    }

    private long create(String accession, String token) throws Exception {
        HttpResponse<String> created = client.post(
                "/api/reports", client.body(Map.of("accessionNumber", accession, "text", "FINDINGS: none")), token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return client.read(created).get("id").asLong();
    }

    private List<Long> ids(String path, String token) throws Exception {
        HttpResponse<String> response = client.get(path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        client.read(response).forEach(report -> ids.add(report.get("id").asLong()));
        return ids;
    }

    private List<Long> fhirIds(String path, String token) throws Exception {
        HttpResponse<String> response = client.get(path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        client.read(response)
                .path("entry")
                .forEach(entry ->
                        ids.add(Long.parseLong(entry.path("resource").path("id").asString())));
        return ids;
    }
}
