package health.isthmus.dicom.dimse;

import org.jspecify.annotations.Nullable;

/** A DIMSE status with an optional error comment (0000,0902), as returned by an SCP handler. */
public record DimseStatus(int code, @Nullable String errorComment) {

    public static final DimseStatus SUCCESS = new DimseStatus(Status.SUCCESS, null);

    public static DimseStatus of(int code) {
        return new DimseStatus(code, null);
    }

    public static DimseStatus of(int code, String errorComment) {
        return new DimseStatus(code, errorComment);
    }

    @Override
    public String toString() {
        return String.format("%04X", code) + (errorComment == null ? "" : " (" + errorComment + ")");
    }
}
