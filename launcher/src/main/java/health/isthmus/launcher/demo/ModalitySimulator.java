package health.isthmus.launcher.demo;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseClient;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.NResponse;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.AssociationState;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.UpperLayerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CT scanner speaking DICOM to Isthmus with libs/dicom: it queries its worklist (MWL C-FIND at ISTHMUS_MWL),
 * reports the procedure with MPPS (N-CREATE, N-SET), and sends a small synthetic head CT series (C-STORE at
 * ISTHMUS_PACS) whose pixels are computed here: an ellipse of soft tissue inside a bright skull. The system tests
 * use it for MPPS, which DCMTK has no tool for.
 */
public final class ModalitySimulator {

    private static final String MPPS = Uid.ModalityPerformedProcedureStep;
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final int SIZE = 128;

    private final String aeTitle;
    private final int worklistPort;
    private final int archivePort;
    private final Clock clock;

    /** The worklist item the modality works on. */
    public record Scheduled(String accessionNumber, String studyInstanceUid, String patientId, String patientName) {}

    public ModalitySimulator(String aeTitle, int worklistPort, int archivePort, Clock clock) {
        this.aeTitle = aeTitle;
        this.worklistPort = worklistPort;
        this.archivePort = archivePort;
        this.clock = clock;
    }

    /** Its worklist's item for the accession number, if the worklist has it. */
    public Optional<Scheduled> findOnWorklist(String accessionNumber) throws IOException {
        Attributes query = new Attributes();
        query.setString(Tag.AccessionNumber, VR.SH, accessionNumber);
        query.setNull(Tag.StudyInstanceUID, VR.UI);
        query.setNull(Tag.PatientID, VR.LO);
        query.setNull(Tag.PatientName, VR.PN);
        Attributes step = query.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        step.setString(Tag.ScheduledStationAETitle, VR.AE, aeTitle);
        step.setNull(Tag.Modality, VR.CS);
        List<Scheduled> found = new ArrayList<>();
        try (Session worklist = open(worklistPort, "ISTHMUS_MWL", Uid.ModalityWorklistInformationModelFind, MPPS)) {
            worklist.client.find(Uid.ModalityWorklistInformationModelFind, query, match -> {
                found.add(new Scheduled(
                        match.getString(Tag.AccessionNumber, accessionNumber),
                        match.getString(Tag.StudyInstanceUID, ""),
                        match.getString(Tag.PatientID, ""),
                        match.getString(Tag.PatientName, "")));
                return true;
            });
        }
        return found.stream().filter(s -> !s.studyInstanceUid().isEmpty()).findFirst();
    }

    /** N-CREATE of an MPPS IN PROGRESS for the item; returns the MPPS instance UID. */
    public String startProcedure(Scheduled item) throws IOException {
        Attributes mpps = new Attributes();
        mpps.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        mpps.setString(Tag.Modality, VR.CS, "CT");
        mpps.setNull(Tag.ProcedureCodeSequence, VR.SQ);
        mpps.setString(Tag.PatientName, VR.PN, item.patientName());
        mpps.setString(Tag.PatientID, VR.LO, item.patientId());
        mpps.setNull(Tag.PatientBirthDate, VR.DA);
        mpps.setNull(Tag.PatientSex, VR.CS);
        Attributes scheduled =
                mpps.newSequence(Tag.ScheduledStepAttributesSequence).addItem();
        scheduled.setString(Tag.StudyInstanceUID, VR.UI, item.studyInstanceUid());
        scheduled.setString(Tag.AccessionNumber, VR.SH, item.accessionNumber());
        scheduled.setString(Tag.RequestedProcedureID, VR.SH, "RP-" + item.accessionNumber());
        scheduled.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS-" + item.accessionNumber());
        mpps.setString(Tag.PerformedStationAETitle, VR.AE, aeTitle);
        mpps.setString(
                Tag.PerformedProcedureStepStartDate,
                VR.DA,
                DA.format(clock.instant().atOffset(ZoneOffset.UTC)));
        mpps.setString(
                Tag.PerformedProcedureStepStartTime,
                VR.TM,
                TM.format(clock.instant().atOffset(ZoneOffset.UTC)));
        mpps.setNull(Tag.PerformedProcedureStepEndDate, VR.DA);
        mpps.setNull(Tag.PerformedProcedureStepEndTime, VR.TM);
        mpps.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        mpps.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS-" + item.accessionNumber());
        mpps.newSequence(Tag.PerformedSeriesSequence);
        try (Session worklist = open(worklistPort, "ISTHMUS_MWL", Uid.ModalityWorklistInformationModelFind, MPPS)) {
            NResponse created = worklist.client.nCreate(MPPS, null, mpps);
            if (created.status().code() != Status.SUCCESS || created.sopInstanceUid() == null) {
                throw new IOException("MPPS N-CREATE answered " + created.status());
            }
            return created.sopInstanceUid();
        }
    }

    /** N-SET of the MPPS to COMPLETED, naming the series sent. */
    public void completeProcedure(String mppsUid, String seriesInstanceUid) throws IOException {
        Attributes done = new Attributes();
        done.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        done.setString(
                Tag.PerformedProcedureStepEndDate,
                VR.DA,
                DA.format(clock.instant().atOffset(ZoneOffset.UTC)));
        done.setString(
                Tag.PerformedProcedureStepEndTime,
                VR.TM,
                TM.format(clock.instant().atOffset(ZoneOffset.UTC)));
        Attributes series = done.newSequence(Tag.PerformedSeriesSequence).addItem();
        series.setString(Tag.SeriesInstanceUID, VR.UI, seriesInstanceUid);
        series.setString(Tag.Modality, VR.CS, "CT");
        try (Session worklist = open(worklistPort, "ISTHMUS_MWL", Uid.ModalityWorklistInformationModelFind, MPPS)) {
            NResponse set = worklist.client.nSet(MPPS, mppsUid, done);
            if (set.status().code() != Status.SUCCESS) {
                throw new IOException("MPPS N-SET answered " + set.status());
            }
        }
    }

    /**
     * Sends {@code slices} CT images of one new series of the item's study over one association, each answered before
     * the next is sent; returns the series' UID.
     */
    public String sendSeries(Scheduled item, int slices) throws IOException {
        String seriesUid = Uids.create();
        try (Session archive = open(archivePort, "ISTHMUS_PACS", Uid.CTImageStorage)) {
            for (int slice = 1; slice <= slices; slice++) {
                Attributes image = slice(item, seriesUid, slice, slices);
                byte[] encoded = encode(image);
                DimseStatus status = archive.client.store(
                        Uid.CTImageStorage,
                        image.getString(Tag.SOPInstanceUID, ""),
                        Uid.ExplicitVRLittleEndian,
                        out -> out.write(encoded));
                if (status.code() != Status.SUCCESS) {
                    throw new IOException("C-STORE of slice " + slice + " answered " + status);
                }
            }
        }
        return seriesUid;
    }

    private Attributes slice(Scheduled item, String seriesUid, int slice, int slices) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, Uid.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, Uids.create());
        ds.setString(Tag.StudyDate, VR.DA, DA.format(clock.instant().atOffset(ZoneOffset.UTC)));
        ds.setString(Tag.StudyTime, VR.TM, TM.format(clock.instant().atOffset(ZoneOffset.UTC)));
        ds.setString(Tag.AccessionNumber, VR.SH, item.accessionNumber());
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Isthmus demo");
        ds.setString(Tag.StationName, VR.SH, aeTitle);
        ds.setString(Tag.StudyDescription, VR.LO, "CT HEAD WITHOUT CONTRAST");
        ds.setString(Tag.SeriesDescription, VR.LO, "AXIAL 5mm");
        ds.setString(Tag.PatientName, VR.PN, item.patientName());
        ds.setString(Tag.PatientID, VR.LO, item.patientId());
        ds.setString(Tag.StudyInstanceUID, VR.UI, item.studyInstanceUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setInt(Tag.SeriesNumber, VR.IS, 1);
        ds.setInt(Tag.InstanceNumber, VR.IS, slice);
        ds.setString(Tag.ImagePositionPatient, VR.DS, "-64", "-64", Integer.toString(slice * 5));
        ds.setString(Tag.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
        ds.setString(Tag.SliceThickness, VR.DS, "5");
        ds.setString(Tag.PixelSpacing, VR.DS, "1", "1");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, SIZE);
        ds.setInt(Tag.Columns, VR.US, SIZE);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        ds.setString(Tag.RescaleSlope, VR.DS, "1");
        ds.setString(Tag.WindowCenter, VR.DS, "40");
        ds.setString(Tag.WindowWidth, VR.DS, "80");
        ds.setBytes(Tag.PixelData, VR.OW, headPixels(slice, slices));
        return ds;
    }

    /**
     * A head phantom slice: air outside, a skull ring (about 1,000 HU) around brain tissue (about 35 HU), the head
     * narrowing towards the first and last slices.
     */
    static byte[] headPixels(int slice, int slices) {
        double middle = (slices + 1) / 2.0;
        double scale = Math.sqrt(Math.max(0.15, 1 - Math.pow((slice - middle) / (slices / 1.6), 2)));
        double outerA = 52 * scale;
        double outerB = 60 * scale;
        byte[] pixels = new byte[SIZE * SIZE * 2];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = (x - SIZE / 2.0) / outerA;
                double dy = (y - SIZE / 2.0) / outerB;
                double r = Math.sqrt(dx * dx + dy * dy);
                int hounsfield =
                        r > 1 ? -1000 : r > 0.9 ? 1000 : 35 + (int) (8 * Math.sin(x / 6.0) * Math.cos(y / 7.0));
                int stored = Math.clamp(hounsfield + 1024, 0, 4095);
                int offset = 2 * (y * SIZE + x);
                pixels[offset] = (byte) stored;
                pixels[offset + 1] = (byte) (stored >> 8);
            }
        }
        return pixels;
    }

    private static byte[] encode(Attributes dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dicom = new DicomOutputStream(out);
        dicom.writeDataset(dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        dicom.flush();
        return out.toByteArray();
    }

    private Session open(int port, String calledAeTitle, String... sopClasses) throws IOException {
        AssociationProposal.Builder proposal = AssociationProposal.builder(aeTitle, calledAeTitle);
        for (String sopClass : sopClasses) {
            proposal.propose(sopClass, Uid.ExplicitVRLittleEndian);
        }
        Association association =
                new DicomClient(UpperLayerSettings.defaults(), null).connect("127.0.0.1", port, proposal.build());
        return new Session(association, new DimseClient(association));
    }

    /** One association and its DIMSE client, released when done. */
    private record Session(Association association, DimseClient client) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            if (association.state() == AssociationState.ESTABLISHED) {
                association.release();
            }
        }
    }
}
