package health.isthmus.dicomweb.wado;

import health.isthmus.dicom.dictionary.Uid;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The media type of a frame of encapsulated pixel data, by transfer syntax (PS3.18 Table 8.7.3-3). */
final class FrameMediaTypes {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry(Uid.JPEGBaseline8Bit, "image/jpeg"),
            Map.entry(Uid.JPEGExtended12Bit, "image/jpeg"),
            Map.entry(Uid.JPEGLossless, "image/jpeg"),
            Map.entry(Uid.JPEGLosslessSV1, "image/jpeg"),
            Map.entry(Uid.JPEGLSLossless, "image/jls"),
            Map.entry(Uid.JPEGLSNearLossless, "image/jls"),
            Map.entry(Uid.JPEG2000Lossless, "image/jp2"),
            Map.entry(Uid.JPEG2000, "image/jp2"),
            Map.entry(Uid.JPEG2000MCLossless, "image/jpx"),
            Map.entry(Uid.JPEG2000MC, "image/jpx"),
            Map.entry(Uid.HTJ2KLossless, "image/jphc"),
            Map.entry(Uid.HTJ2KLosslessRPCL, "image/jphc"),
            Map.entry(Uid.HTJ2K, "image/jphc"),
            Map.entry(Uid.RLELossless, "image/dicom-rle"),
            Map.entry(Uid.JPEGXLLossless, "image/jxl"),
            Map.entry(Uid.JPEGXLJPEGRecompression, "image/jxl"),
            Map.entry(Uid.JPEGXL, "image/jxl"),
            Map.entry(Uid.EncapsulatedUncompressedExplicitVRLittleEndian, "application/octet-stream"));

    private FrameMediaTypes() {}

    /** The media type of frames in a transfer syntax, or null when its frames are not served one by one (video). */
    static @Nullable String of(String transferSyntaxUid) {
        return TYPES.get(transferSyntaxUid);
    }
}
