package health.isthmus.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.dicom.net.UpperLayerSettings;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** C-FIND (with pending responses and C-CANCEL), N-CREATE and N-SET between our SCU and our SCP. */
class FindAndNormalizedServicesTest {

    private static final String MPPS = Uid.ModalityPerformedProcedureStep;
    private static final String WORKLIST = Uid.ModalityWorklistInformationModelFind;
    private static final String STUDY_ROOT = Uid.StudyRootQueryRetrieveInformationModelFind;

    private final Map<String, Attributes> performedSteps = new ConcurrentHashMap<>();
    private final AtomicInteger worklistMatchesSent = new AtomicInteger();
    private DicomServer server;
    private Association association;
    private DimseClient dimse;

    @BeforeEach
    void start() throws Exception {
        AssociationPolicy.Builder policy = AssociationPolicy.builder("ISTHMUS_MWL");
        for (String sopClass : List.of(WORKLIST, STUDY_ROOT, MPPS)) {
            policy.offer(
                    TransferCapability.scp(sopClass, List.of(Uid.ExplicitVRLittleEndian, Uid.ImplicitVRLittleEndian)));
        }
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .find(WORKLIST, (request, identifier, responder) -> {
                    String modality = identifier.getNestedDataset(Tag.ScheduledProcedureStepSequence) == null
                            ? null
                            : identifier
                                    .getNestedDataset(Tag.ScheduledProcedureStepSequence)
                                    .getString(Tag.Modality);
                    int count = "MR".equals(modality) ? 1000 : 3;
                    for (int i = 1; i <= count; i++) {
                        Attributes match = new Attributes();
                        match.setString(Tag.AccessionNumber, VR.SH, "ACC" + i);
                        match.setString(Tag.PatientName, VR.PN, "SYNTHETIC^PATIENT" + i);
                        worklistMatchesSent.incrementAndGet();
                        if (!responder.pending(match)) {
                            return;
                        }
                    }
                })
                .find(STUDY_ROOT, (request, identifier, responder) -> {
                    throw new DimseException(Status.OUT_OF_RESOURCES, "index offline");
                })
                .nCreate(MPPS, (request, attributes) -> {
                    String uid = request.sopInstanceUid() != null ? request.sopInstanceUid() : "2.25.777";
                    if (performedSteps.putIfAbsent(uid, attributes) != null) {
                        throw new DimseException(Status.DUPLICATE_SOP_INSTANCE, "exists");
                    }
                    return NResponse.success(uid);
                })
                .nSet(MPPS, (request, modifications) -> {
                    Attributes step = performedSteps.get(request.sopInstanceUid());
                    if (step == null) {
                        throw new DimseException(Status.NO_SUCH_OBJECT_INSTANCE, "unknown step");
                    }
                    step.addAll(modifications);
                    return new NResponse(DimseStatus.SUCCESS, request.sopInstanceUid(), step);
                })
                .build();
        server = DicomServer.builder(policy.build(), dispatcher)
                .port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .start();
        association = new DicomClient(UpperLayerSettings.defaults(), null)
                .connect(
                        "127.0.0.1",
                        server.port(),
                        AssociationProposal.builder("MODALITY", "ISTHMUS_MWL")
                                .propose(WORKLIST, Uid.ExplicitVRLittleEndian)
                                .propose(STUDY_ROOT, Uid.ImplicitVRLittleEndian)
                                .propose(MPPS, Uid.ImplicitVRLittleEndian)
                                .build());
        dimse = new DimseClient(association);
    }

    @AfterEach
    void stop() {
        association.close();
        server.close();
    }

    private static Attributes worklistQuery(String modality) {
        Attributes query = new Attributes();
        query.setNull(Tag.AccessionNumber, VR.SH);
        query.setNull(Tag.PatientName, VR.PN);
        Attributes step = new Attributes();
        step.setString(Tag.Modality, VR.CS, modality);
        query.newSequence(Tag.ScheduledProcedureStepSequence).add(step);
        return query;
    }

    @Test
    void findSendsEveryMatchAsPendingThenSuccess() throws Exception {
        List<String> accessions = new ArrayList<>();
        DimseStatus status = dimse.find(
                WORKLIST, worklistQuery("CT"), match -> accessions.add(match.getString(Tag.AccessionNumber)));
        association.release();

        assertThat(status.code()).isEqualTo(Status.SUCCESS);
        assertThat(accessions).containsExactly("ACC1", "ACC2", "ACC3");
    }

    @Test
    void cancelStopsTheQueryAndEndsItWithCancel() throws Exception {
        List<Attributes> matches = new ArrayList<>();
        DimseStatus status =
                dimse.find(WORKLIST, worklistQuery("MR"), match -> matches.add(match) && matches.size() < 2);
        assertThat(status.code()).isEqualTo(Status.CANCEL);
        assertThat(matches).hasSize(2);
        assertThat(worklistMatchesSent.get()).isLessThan(1000);

        assertThat(dimse.find(WORKLIST, worklistQuery("CT"), match -> true).code())
                .as("the association serves the next query")
                .isEqualTo(Status.SUCCESS);
        association.release();
    }

    @Test
    void aHandlerFailureBecomesTheFinalStatus() throws Exception {
        DimseStatus status = dimse.find(STUDY_ROOT, new Attributes(), match -> true);
        assertThat(status.code()).isEqualTo(Status.OUT_OF_RESOURCES);
        assertThat(status.errorComment()).isEqualTo("index offline");
        association.release();
    }

    @Test
    void nCreateThenNSetAPerformedProcedureStep() throws Exception {
        Attributes inProgress = new Attributes();
        inProgress.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        NResponse created = dimse.nCreate(MPPS, "2.25.1001", inProgress);
        assertThat(created.status().code()).isEqualTo(Status.SUCCESS);
        assertThat(created.sopInstanceUid()).isEqualTo("2.25.1001");
        assertThat(dimse.nCreate(MPPS, "2.25.1001", inProgress).status().code())
                .isEqualTo(Status.DUPLICATE_SOP_INSTANCE);
        assertThat(dimse.nCreate(MPPS, null, inProgress).sopInstanceUid())
                .as("UID assigned by the SCP")
                .isEqualTo("2.25.777");

        Attributes completed = new Attributes();
        completed.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        NResponse set = dimse.nSet(MPPS, "2.25.1001", completed);
        assertThat(set.status().code()).isEqualTo(Status.SUCCESS);
        assertThat(set.attributes()).isNotNull();
        assertThat(set.attributes().getString(Tag.PerformedProcedureStepStatus)).isEqualTo("COMPLETED");
        assertThat(performedSteps.get("2.25.1001").getString(Tag.PerformedProcedureStepStatus))
                .isEqualTo("COMPLETED");
        assertThat(dimse.nSet(MPPS, "2.25.404", completed).status().code()).isEqualTo(Status.NO_SUCH_OBJECT_INSTANCE);
        association.release();
    }
}
