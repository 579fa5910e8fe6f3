package health.isthmus.events;

import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.InstanceStored;
import health.isthmus.events.archive.StudyDeleted;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.events.hl7.AdmissionCancelled;
import health.isthmus.events.hl7.DischargeCancelled;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.OrderCancelled;
import health.isthmus.events.hl7.OrderChanged;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.OrderStatusChanged;
import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.events.hl7.PatientClassChanged;
import health.isthmus.events.hl7.PatientDischarged;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientPreAdmitted;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientTransferred;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.events.hl7.PersonAdded;
import health.isthmus.events.hl7.PersonUpdated;
import health.isthmus.events.hl7.ReportObservation;
import health.isthmus.events.hl7.TransferCancelled;
import health.isthmus.events.mpi.EnterprisePatientCreated;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import health.isthmus.events.mpi.EnterprisePatientUpdated;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.events.report.ReportAmended;
import health.isthmus.events.report.ReportDelivered;
import health.isthmus.events.report.ReportDeliveryFailed;
import health.isthmus.events.report.ReportFinalized;
import health.isthmus.events.report.ReportSummary;
import health.isthmus.events.worklist.ProcedureCancelled;
import health.isthmus.events.worklist.ProcedureChanged;
import health.isthmus.events.worklist.ProcedureCompleted;
import health.isthmus.events.worklist.ProcedureDiscontinued;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStarted;
import health.isthmus.events.worklist.ProcedureStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The golden JSON sample of every contract and the record it must read as. Producers test their
 * serializer against the bytes, consumers their deserializer (published in this module's test-jar).
 */
public final class GoldenSamples {

    private static final PatientDemographics JANE_DOE = new PatientDemographics(
            List.of(
                    new PatientIdentifier("MRN100001", "GENHOSP", "MR"),
                    new PatientIdentifier("123-45-6789", "SSA", null)),
            List.of(new PersonName("DOE", List.of("JANE", "Q"), null, null)),
            LocalDate.of(1980, 2, 14),
            "F");

    private static final PatientDemographics JANE_DOE_ORDERED = new PatientDemographics(
            List.of(new PatientIdentifier("MRN100001", "GENHOSP", "MR")),
            JANE_DOE.names(),
            JANE_DOE.birthDate(),
            JANE_DOE.sex());

    private static final PatientDemographics JANE_DOE_SMITH = new PatientDemographics(
            List.of(new PatientIdentifier("MRN100001", "GENHOSP", "MR")),
            List.of(new PersonName("DOE-SMITH", List.of("JANE", "Q"), null, null)),
            LocalDate.of(1980, 2, 14),
            "F",
            new PostalAddress(List.of("12 MAIN STREET"), "SPRINGFIELD", "IL", "62701", "USA"),
            "+1 217 555 0100");

    private static final UUID EUID = UUID.fromString("5f0c3a9e-1d2b-4c6e-9a7f-0b1c2d3e4f50");

    private static final UUID OTHER_EUID = UUID.fromString("0e9d8c7b-6a5f-4e3d-8c1b-a09f8e7d6c5b");

    private static final MpiCause MERGE_MESSAGE = new MpiCause("hl7", "GENHOSP|MSG-A40-0001 A40", null);

    private static final List<PatientIdentifier> BOTH_SITES = List.of(
            new PatientIdentifier("MRN100001", "GENHOSP", "MR"), new PatientIdentifier("W-77812", "WESTCLINIC", "MR"));

    private static final ProcedureStep CT_HEAD = step("SCHEDULED");

    private static final ArchivedStudy CT_HEAD_STUDY = new ArchivedStudy(
            "1.2.826.0.1.3680043.10.1234.1.9001",
            "ACC-9001",
            "GENHOSP",
            new PatientIdentifier("MRN100001", "GENHOSP", null),
            EUID,
            "FILED",
            List.of("CT"),
            1,
            120);

    private static final Map<Class<? extends IsthmusEvent>, IsthmusEvent> EXPECTED = Map.ofEntries(
            Map.entry(
                    InstanceStored.class,
                    new InstanceStored(
                            CT_HEAD_STUDY,
                            "1.2.826.0.1.3680043.10.1234.2.1",
                            "1.2.826.0.1.3680043.10.1234.4.120",
                            "1.2.840.10008.5.1.4.1.1.2",
                            "1.2.840.10008.1.2.1",
                            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                            526_214,
                            "DIMSE",
                            "CT01",
                            Instant.parse("2026-11-27T10:06:30.250Z"))),
            Map.entry(StudyStable.class, new StudyStable(CT_HEAD_STUDY, Instant.parse("2026-11-27T10:06:30.250Z"))),
            Map.entry(
                    StudyUpdated.class,
                    new StudyUpdated(CT_HEAD_STUDY, "REFILED", "mpi.EnterprisePatientMerged.v1", null)),
            Map.entry(StudyDeleted.class, new StudyDeleted(CT_HEAD_STUDY, "sent to the wrong archive", "dev-admin")),
            Map.entry(
                    ReportFinalized.class,
                    new ReportFinalized(report(2, "final"), "dev-radiologist", Instant.parse("2026-11-27T11:30:00Z"))),
            Map.entry(
                    ReportAmended.class,
                    new ReportAmended(
                            report(4, "amended"),
                            "dev-radiologist",
                            Instant.parse("2026-11-27T15:00:00Z"),
                            "laterality corrected")),
            Map.entry(
                    ReportDelivered.class,
                    new ReportDelivered(
                            report(2, "final"),
                            31,
                            "his.genhosp.example:2577",
                            "ISMH8K2Q1ZP4X7R2A0B9",
                            "F",
                            1,
                            Instant.parse("2026-11-27T11:30:00.420Z"))),
            Map.entry(
                    ReportDeliveryFailed.class,
                    new ReportDeliveryFailed(
                            report(4, "amended"),
                            32,
                            "his.genhosp.example:2577",
                            "ISMH8K9D3LQ0V5T1C2E4",
                            "C",
                            "failed",
                            "AE",
                            "Unknown placer order number",
                            1,
                            Instant.parse("2026-11-27T15:00:00.380Z"))),
            Map.entry(ProcedureScheduled.class, new ProcedureScheduled(CT_HEAD, "hl7 GENHOSP|MSG-ORM-0001 O01")),
            Map.entry(ProcedureChanged.class, new ProcedureChanged(CT_HEAD, "mpi mpi.EnterprisePatientMerged.v1")),
            Map.entry(
                    ProcedureCancelled.class,
                    new ProcedureCancelled(step("CANCELLED"), "hl7 GENHOSP|MSG-ORM-0002 O01")),
            Map.entry(
                    ProcedureStarted.class,
                    new ProcedureStarted(
                            step("IN_PROGRESS"),
                            "1.2.826.0.1.3680043.10.1234.3.1",
                            "CT01",
                            Instant.parse("2026-11-27T10:02:00Z"))),
            Map.entry(
                    ProcedureCompleted.class,
                    new ProcedureCompleted(
                            step("COMPLETED"),
                            "1.2.826.0.1.3680043.10.1234.3.1",
                            Instant.parse("2026-11-27T10:20:00Z"),
                            List.of("1.2.826.0.1.3680043.10.1234.2.1"))),
            Map.entry(
                    ProcedureDiscontinued.class,
                    new ProcedureDiscontinued(
                            step("DISCONTINUED"),
                            "1.2.826.0.1.3680043.10.1234.3.1",
                            Instant.parse("2026-11-27T10:05:00Z"),
                            "Patient refused to continue procedure")),
            Map.entry(
                    EnterprisePatientCreated.class,
                    new EnterprisePatientCreated(
                            EUID,
                            JANE_DOE_SMITH.identifiers(),
                            JANE_DOE_SMITH,
                            new MpiCause("hl7", "GENHOSP|MSG-A04-0001 A04", null))),
            Map.entry(
                    EnterprisePatientUpdated.class,
                    new EnterprisePatientUpdated(
                            EUID,
                            JANE_DOE_SMITH.identifiers(),
                            JANE_DOE_SMITH,
                            List.of(new PatientIdentifier("MRN100000", "GENHOSP", "MR")),
                            new MpiCause("hl7", "GENHOSP|MSG-A47-0001 A47", null))),
            Map.entry(
                    EnterprisePatientLinked.class,
                    new EnterprisePatientLinked(
                            EUID,
                            BOTH_SITES,
                            JANE_DOE_SMITH,
                            List.of(BOTH_SITES.get(1)),
                            OTHER_EUID,
                            new MpiCause("review", "review 17", "dev-admin"))),
            Map.entry(
                    EnterprisePatientUnlinked.class,
                    new EnterprisePatientUnlinked(
                            EUID,
                            JANE_DOE_SMITH.identifiers(),
                            JANE_DOE_SMITH,
                            List.of(BOTH_SITES.get(1)),
                            OTHER_EUID,
                            new MpiCause("admin", "unlink record 2", "dev-admin"))),
            Map.entry(
                    EnterprisePatientMerged.class,
                    new EnterprisePatientMerged(
                            EUID,
                            JANE_DOE_SMITH.identifiers(),
                            JANE_DOE_SMITH,
                            List.of(new PatientIdentifier("MRN100099", "GENHOSP", "MR")),
                            OTHER_EUID,
                            MERGE_MESSAGE)),
            Map.entry(PatientRegistered.class, new PatientRegistered(origin("A04"), JANE_DOE)),
            Map.entry(PatientAdmitted.class, new PatientAdmitted(origin("A01"), JANE_DOE)),
            Map.entry(PatientUpdated.class, new PatientUpdated(origin("A08"), JANE_DOE)),
            Map.entry(
                    AuditEventRecorded.class,
                    new AuditEventRecorded(
                            AuditCodes.PATIENT_RECORD,
                            List.of(new CodedValue("ADT^A04", "Register a patient", "HL7v2")),
                            AuditAction.C,
                            Instant.parse("2026-11-27T08:30:00.125Z"),
                            AuditOutcome.SUCCESS,
                            null,
                            List.of(
                                    new AuditParticipant("EPICADT|GENHOSP", null, true, "10.1.2.3", List.of("Source")),
                                    new AuditParticipant(
                                            "hl7-ingest-service", null, false, null, List.of("Destination"))),
                            new AuditSource("hl7-ingest-service", "GENHOSP"),
                            List.of(
                                    new AuditObject(AuditObject.Type.PATIENT, "GENHOSP|MRN100001", "MR", null),
                                    new AuditObject(AuditObject.Type.MESSAGE, "MSG-A04-0001", "MSH-10", "ADT^A04")),
                            null)),
            Map.entry(
                    PatientsMerged.class,
                    new PatientsMerged(
                            new Hl7Origin(
                                    44,
                                    "EPICADT",
                                    "GENHOSP",
                                    "MSG-A40-0001",
                                    "A40",
                                    Instant.parse("2026-11-27T09:00:00.500Z"),
                                    "GENHOSP"),
                            new PatientDemographics(
                                    List.of(new PatientIdentifier("MRN100001", "GENHOSP", "MR")),
                                    List.of(new PersonName("DOE-SMITH", List.of("JANE", "Q"), null, null)),
                                    LocalDate.of(1980, 2, 14),
                                    "F"),
                            List.of(new PatientIdentifier("MRN100099", "GENHOSP", "MR")))),
            Map.entry(OrderPlaced.class, new OrderPlaced(orderOrigin("0001"), JANE_DOE_ORDERED, order("NW"))),
            Map.entry(OrderChanged.class, new OrderChanged(orderOrigin("0003"), JANE_DOE_ORDERED, order("XO"))),
            Map.entry(OrderCancelled.class, new OrderCancelled(orderOrigin("0002"), JANE_DOE_ORDERED, order("CA"))),
            Map.entry(
                    OrderStatusChanged.class,
                    new OrderStatusChanged(orderOrigin("0004"), JANE_DOE_ORDERED, order("SC"))),
            Map.entry(PatientTransferred.class, new PatientTransferred(origin("A02"), JANE_DOE)),
            Map.entry(PatientDischarged.class, new PatientDischarged(origin("A03"), JANE_DOE)),
            Map.entry(PatientPreAdmitted.class, new PatientPreAdmitted(origin("A05"), JANE_DOE)),
            Map.entry(PatientClassChanged.class, new PatientClassChanged(origin("A06"), JANE_DOE)),
            Map.entry(AdmissionCancelled.class, new AdmissionCancelled(origin("A11"), JANE_DOE)),
            Map.entry(TransferCancelled.class, new TransferCancelled(origin("A12"), JANE_DOE)),
            Map.entry(DischargeCancelled.class, new DischargeCancelled(origin("A13"), JANE_DOE)),
            Map.entry(PersonAdded.class, new PersonAdded(origin("A28"), JANE_DOE)),
            Map.entry(PersonUpdated.class, new PersonUpdated(origin("A31"), JANE_DOE)),
            Map.entry(
                    ExternalReportReceived.class,
                    new ExternalReportReceived(
                            new Hl7Origin(
                                    46,
                                    "REPORTING",
                                    "GENHOSP",
                                    "MSG-ORU-0001",
                                    "R01",
                                    Instant.parse("2026-11-27T12:00:00.750Z"),
                                    "GENHOSP"),
                            JANE_DOE_ORDERED,
                            "PO-5001",
                            "FO-7001",
                            "ACC-9001",
                            new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L"),
                            "F",
                            "20261127100000",
                            "20261127120000",
                            List.of(
                                    new ReportObservation(
                                            "1",
                                            "TX",
                                            new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L"),
                                            "FINDINGS: No acute intracranial abnormality.",
                                            "F"),
                                    new ReportObservation(
                                            "2",
                                            "TX",
                                            new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L"),
                                            "IMPRESSION: Normal study.",
                                            "F")))),
            Map.entry(
                    PatientIdentifierChanged.class,
                    new PatientIdentifierChanged(
                            new Hl7Origin(
                                    45,
                                    "EPICADT",
                                    "GENHOSP",
                                    "MSG-A47-0001",
                                    "A47",
                                    Instant.parse("2026-11-27T09:00:00.500Z"),
                                    "GENHOSP"),
                            new PatientDemographics(
                                    List.of(new PatientIdentifier("MRN100001", "GENHOSP", "MR")),
                                    List.of(new PersonName("DOE-SMITH", List.of("JANE", "Q"), null, null)),
                                    LocalDate.of(1980, 2, 14),
                                    "F"),
                            new PatientIdentifier("MRN100077", "GENHOSP", "MR"))));

    private GoldenSamples() {}

    /** The record the golden sample of a contract must read as. */
    public static IsthmusEvent expected(Class<? extends IsthmusEvent> contract) {
        IsthmusEvent event = EXPECTED.get(contract);
        if (event == null) {
            throw new IllegalArgumentException("no golden sample for " + contract.getName());
        }
        return event;
    }

    /** The golden JSON bytes of a contract, from {@code golden/<wire type>.json}. */
    public static byte[] json(Class<? extends IsthmusEvent> contract) {
        String resource = "/golden/" + EventCatalog.wireType(contract) + ".json";
        try (InputStream in = GoldenSamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden sample " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Hl7Origin orderOrigin(String number) {
        return new Hl7Origin(
                43,
                "EPICRIS",
                "GENHOSP",
                "MSG-ORM-" + number,
                "O01",
                Instant.parse("2026-11-27T08:45:00.250Z"),
                "GENHOSP");
    }

    /** The CT head order of the ORM^O01 sample, with the given order control. */
    public static OrderDetails order(String orderControl) {
        return new OrderDetails(
                orderControl,
                "SC",
                "PO-5001",
                "FO-7001",
                "ACC-9001",
                "RP-9001",
                "SPS-9001",
                "CT",
                null,
                null,
                "20261127100000",
                "R",
                List.of(new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L")),
                new PersonName("SMITH", List.of("JOHN"), "DR", null),
                "1234",
                new CodedValue("HEADACHE", "Headache", null),
                "1.2.826.0.1.3680043.10.1234.1.9001");
    }

    private static Hl7Origin origin(String trigger) {
        return new Hl7Origin(
                42,
                "EPICADT",
                "GENHOSP",
                "MSG-" + trigger + "-0001",
                trigger,
                Instant.parse("2026-11-27T08:30:00.125Z"),
                "GENHOSP");
    }

    private static ReportSummary report(int version, String status) {
        return new ReportSummary(
                12,
                version,
                "GENHOSP",
                "ACC-9001",
                "1.2.826.0.1.3680043.10.1234.1.9001",
                new PatientIdentifier("MRN100001", "GENHOSP", "MR"),
                UUID.fromString("5f0c3a9e-1d2b-4c6e-9a7f-0b1c2d3e4f50"),
                status);
    }

    private static ProcedureStep step(String status) {
        return new ProcedureStep(
                7,
                "GENHOSP",
                "ACC-9001",
                "RP-9001",
                "SPS-9001",
                "1.2.826.0.1.3680043.10.1234.1.9001",
                "CT",
                "CT01",
                Instant.parse("2026-11-27T10:00:00Z"),
                new PatientIdentifier("MRN100001", "GENHOSP", "MR"),
                UUID.fromString("5f0c3a9e-1d2b-4c6e-9a7f-0b1c2d3e4f50"),
                status);
    }
}
