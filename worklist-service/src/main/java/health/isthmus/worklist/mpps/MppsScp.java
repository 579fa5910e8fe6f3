package health.isthmus.worklist.mpps;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dimse.NCreateHandler;
import health.isthmus.dicom.dimse.NRequest;
import health.isthmus.dicom.dimse.NResponse;
import health.isthmus.dicom.dimse.NSetHandler;
import org.springframework.stereotype.Component;

/**
 * The Modality Performed Procedure Step SCP (PS3.4 F.7): N-CREATE starts a performed step (IN PROGRESS only),
 * N-SET changes it until it is COMPLETED or DISCONTINUED. Failures are DIMSE statuses: 0120/0121 for a missing
 * type 1 attribute or value, 0106 for another initial status, 0111 for a duplicate, 0112 for an unknown instance,
 * 0110 for a change after the final status.
 */
@Component
public class MppsScp implements NCreateHandler, NSetHandler {

    private final PerformedProcedureSteps steps;

    public MppsScp(PerformedProcedureSteps steps) {
        this.steps = steps;
    }

    @Override
    public NResponse create(NRequest request, Attributes attributes) {
        String uid = request.sopInstanceUid() != null ? request.sopInstanceUid() : Uids.create();
        steps.create(uid, request.callingAeTitle(), request.association().remoteAddress(), attributes);
        return NResponse.success(uid);
    }

    @Override
    public NResponse set(NRequest request, Attributes modifications) {
        String uid = request.sopInstanceUid();
        if (uid == null) {
            throw new IllegalStateException("the toolkit answers an N-SET without instance itself");
        }
        steps.set(uid, request.callingAeTitle(), request.association().remoteAddress(), modifications);
        return NResponse.success(uid);
    }
}
