package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modality's view of the loop (issue 6): orders sent by the HIS over MLLP appear on the DICOM Modality Worklist
 * that DCMTK's {@code findscu -W} queries at port 11113, AE title {@code ISTHMUS_MWL}; a cancel takes the entry
 * away; an A40 merge changes the Patient ID the worklist returns. The orders are the shared samples with accession
 * numbers and identifiers of this run's own.
 */
@ExtendWith(SharedStack.class)
class ModalityWorklistIT {

    private static final Logger log = LoggerFactory.getLogger(ModalityWorklistIT.class);
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    private static final Pattern PATIENT_ID = Pattern.compile("\\(0010,0020\\) LO \\[([^\\]]*)\\]");
    private static final Pattern MODALITY = Pattern.compile("\\(0008,0060\\) CS \\[([^\\]]*)\\]");

    private final Platform platform = new Platform();
    private final String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);

    @Test
    void anOrmAndAnOmiAppearOnTheWorklistAndACancelTakesTheOrderAway() throws Exception {
        String ct = "ACC-CT-" + run;
        String mr = "ACC-MR-" + run;
        String ctPatient = "MRN1" + run;
        String mrPatient = "MRN2" + run;

        assertAccepted(platform.sendHl7(withRunValues(Platform.sample("orm_o01_new_ct.hl7"), ct, ctPatient)));
        Instant acceptedAt = Instant.now();
        assertAccepted(platform.sendHl7(withRunValues(Platform.sample("omi_o23_new_mr.hl7"), mr, mrPatient)));

        List<String> ctEntry = awaitWorklist(ct, entries -> entries.size() == 1);
        log.info(
                "FIGURE first ORM after start-up acknowledged to visible over findscu: {} ms (cold services; one findscu included; steady-state figures come from bench/order-to-worklist)",
                Duration.between(acceptedAt, Instant.now()).toMillis());
        assertThat(ctEntry).singleElement().satisfies(entry -> {
            assertThat(value(PATIENT_ID, entry)).isEqualTo(ctPatient);
            assertThat(value(MODALITY, entry)).isEqualTo("CT");
        });
        assertThat(awaitWorklist(mr, entries -> entries.size() == 1))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(value(PATIENT_ID, entry)).isEqualTo(mrPatient);
                    assertThat(value(MODALITY, entry)).isEqualTo("MR");
                });

        assertAccepted(platform.sendHl7(withRunValues(Platform.sample("orm_o01_cancel_ct.hl7"), ct, ctPatient)));

        assertThat(awaitWorklist(ct, List::isEmpty))
                .as("the cancelled order leaves the worklist")
                .isEmpty();
        assertThat(worklist(mr)).as("the other order stays").hasSize(1);
    }

    @Test
    void anA40MergeChangesThePatientIdTheWorklistReturns() throws Exception {
        String accession = "ACC-M-" + run;
        String survivor = "MRN5" + run;
        String retired = "MRN6" + run;
        assertAccepted(platform.sendHl7(adt("A01", "ADT_A01", "S1", survivor, "")));
        assertAccepted(platform.sendHl7(adt("A01", "ADT_A01", "R1", retired, "")));
        assertAccepted(platform.sendHl7(withRunValues(Platform.sample("orm_o01_new_ct.hl7"), accession, retired)));
        assertThat(awaitWorklist(accession, entries -> entries.size() == 1))
                .singleElement()
                .satisfies(entry -> assertThat(value(PATIENT_ID, entry)).isEqualTo(retired));

        assertAccepted(platform.sendHl7(adt("A40", "ADT_A39", "M1", survivor, "MRG|" + retired + "^^^GENHOSP^MR\r")));

        List<String> after = awaitWorklist(
                accession, entries -> entries.size() == 1 && survivor.equals(value(PATIENT_ID, entries.getFirst())));
        assertThat(after)
                .singleElement()
                .satisfies(entry -> assertThat(value(PATIENT_ID, entry))
                        .as("the worklist names the surviving identifier after the merge")
                        .isEqualTo(survivor));
    }

    private String adt(String trigger, String structure, String control, String mrn, String extra) {
        return "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RADIOLOGY|20261203090000||ADT^" + trigger + "^" + structure + "|"
                + control + "-" + run + "|P|2.5.1\r"
                + "EVN|" + trigger + "|20261203090000\r"
                + "PID|1||" + mrn + "^^^GENHOSP^MR||WORKLIST^MERGE||19700101|F\r"
                + extra
                + ("A40".equals(trigger) ? "" : "PV1|1|O|RAD^^^GENHOSP\r");
    }

    /** A shared sample with this run's accession number, patient identifier, control id and order numbers. */
    private String withRunValues(String sample, String accession, String patientId) {
        return sample.replace("ACC-9001", accession)
                .replace("ACC-9002", accession)
                .replace("MRN100001", patientId)
                .replace("MRN100002", patientId)
                .replace("MSG-ORM-0001", "ORM1-" + accession)
                .replace("MSG-ORM-0002", "ORM2-" + accession)
                .replace("MSG-OMI-0001", "OMI1-" + accession)
                .replace("PO-5001", "PO-" + accession)
                .replace("PO-5002", "PO-" + accession)
                .replace("FO-7001", "FO-" + accession)
                .replace("FO-7002", "FO-" + accession)
                .replace("1.2.826.0.1.3680043.10.1234.1.9001", "2.25." + Math.abs((long) accession.hashCode()))
                .replace("1.2.826.0.1.3680043.10.1234.1.9002", "2.25." + Math.abs((long) accession.hashCode()));
    }

    private static void assertAccepted(ca.uhn.hl7v2.model.Message ack) throws Exception {
        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
    }

    private static List<String> awaitWorklist(String accession, Predicate<List<String>> until) throws Exception {
        Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
        List<String> entries;
        do {
            entries = worklist(accession);
            if (until.test(entries)) {
                return entries;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return entries;
    }

    /** The worklist entries of an accession number, as {@code findscu -W -v} prints each response's dataset. */
    private static List<String> worklist(String accession) throws IOException, InterruptedException {
        return Dcmtk.worklist(accession, "0010,0020", "0010,0010", "0040,0100[0].0008,0060");
    }

    private static String value(Pattern pattern, String entry) {
        Matcher matcher = pattern.matcher(entry);
        // values are padded to even length (UI with a NUL), which findscu prints as part of the value
        return matcher.find() ? matcher.group(1).replace("\0", "").strip() : "";
    }
}
