package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a normalized operation (N-CREATE, N-SET; later N-ACTION, N-GET): its status, the affected SOP
 * instance and the attributes the response carries, if any.
 */
public record NResponse(
        DimseStatus status,
        @Nullable String sopInstanceUid,
        @Nullable Attributes attributes) {

    /** Success for the instance, without attributes. */
    public static NResponse success(String sopInstanceUid) {
        return new NResponse(DimseStatus.SUCCESS, sopInstanceUid, null);
    }
}
