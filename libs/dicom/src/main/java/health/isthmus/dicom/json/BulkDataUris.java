package health.isthmus.dicom.json;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.VR;
import org.jspecify.annotations.Nullable;

/**
 * Decides which binary values a {@link DicomJsonWriter} writes as BulkDataURI instead of InlineBinary, and names
 * their URIs (for DICOMweb: the instance's bulk data path plus the tag).
 */
@FunctionalInterface
public interface BulkDataUris {

    /**
     * The URI of a value, or null to write it inline.
     *
     * @param owner the data set (or item; see {@link Attributes#parent()}) holding the element
     * @param tag the element's tag
     * @param vr its VR
     * @param value its value as held ({@code byte[]}, {@link health.isthmus.dicom.data.Fragments} or {@link
     *     health.isthmus.dicom.data.BulkData})
     */
    @Nullable
    String uriFor(Attributes owner, int tag, VR vr, Object value);

    /** Inline everything that is held as bytes; references keep the URI they carry. */
    BulkDataUris NONE = (owner, tag, vr, value) -> null;
}
