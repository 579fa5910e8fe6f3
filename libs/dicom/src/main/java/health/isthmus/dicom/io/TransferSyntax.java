package health.isthmus.dicom.io;

import health.isthmus.dicom.dictionary.Uid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transfer syntax and how it encodes a data set: VR explicit or implicit, byte order, deflate, and whether pixel
 * data is encapsulated (compressed fragments passed through untouched).
 *
 * @param uid the transfer syntax UID
 * @param explicitVr whether elements carry their VR
 * @param bigEndian whether binary values are big endian
 * @param deflated whether the data set is deflated after the File Meta Information
 * @param encapsulated whether pixel data is encapsulated in fragments
 */
public record TransferSyntax(
        String uid, boolean explicitVr, boolean bigEndian, boolean deflated, boolean encapsulated) {

    /** Implicit VR Little Endian, the default of DICOM. */
    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(Uid.ImplicitVRLittleEndian, false, false, false, false);

    /** Explicit VR Little Endian. */
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(Uid.ExplicitVRLittleEndian, true, false, false, false);

    /** Explicit VR Big Endian (retired; read, and written for tests). */
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax(Uid.ExplicitVRBigEndian, true, true, false, false);

    /** Deflated Explicit VR Little Endian. */
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(Uid.DeflatedExplicitVRLittleEndian, true, false, true, false);

    private static final Map<String, TransferSyntax> KNOWN = new LinkedHashMap<>();

    static {
        for (TransferSyntax ts : List.of(
                IMPLICIT_VR_LITTLE_ENDIAN,
                EXPLICIT_VR_LITTLE_ENDIAN,
                EXPLICIT_VR_BIG_ENDIAN,
                DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            KNOWN.put(ts.uid(), ts);
        }
        for (String uid : List.of(
                Uid.EncapsulatedUncompressedExplicitVRLittleEndian,
                Uid.JPEGBaseline8Bit,
                Uid.JPEGExtended12Bit,
                Uid.JPEGLossless,
                Uid.JPEGLosslessSV1,
                Uid.JPEGLSLossless,
                Uid.JPEGLSNearLossless,
                Uid.JPEG2000Lossless,
                Uid.JPEG2000,
                Uid.JPEG2000MCLossless,
                Uid.JPEG2000MC,
                Uid.MPEG2MPML,
                Uid.MPEG2MPMLF,
                Uid.MPEG2MPHL,
                Uid.MPEG2MPHLF,
                Uid.MPEG4HP41,
                Uid.MPEG4HP41F,
                Uid.MPEG4HP41BD,
                Uid.MPEG4HP41BDF,
                Uid.MPEG4HP422D,
                Uid.MPEG4HP422DF,
                Uid.MPEG4HP423D,
                Uid.MPEG4HP423DF,
                Uid.MPEG4HP42STEREO,
                Uid.MPEG4HP42STEREOF,
                Uid.HEVCMP51,
                Uid.HEVCM10P51,
                Uid.HTJ2KLossless,
                Uid.HTJ2KLosslessRPCL,
                Uid.HTJ2K,
                Uid.RLELossless,
                Uid.JPEGXLLossless,
                Uid.JPEGXLJPEGRecompression,
                Uid.JPEGXL)) {
            KNOWN.put(uid, new TransferSyntax(uid, true, false, false, true));
        }
    }

    /**
     * The transfer syntax of a UID. A UID this toolkit does not know is taken as Explicit VR Little Endian with
     * encapsulated pixel data, which is how every compressed syntax of the standard is encoded.
     */
    public static TransferSyntax of(String uid) {
        TransferSyntax known = KNOWN.get(uid.strip());
        return known != null ? known : new TransferSyntax(uid.strip(), true, false, false, true);
    }

    /** Whether the UID is one this toolkit knows. */
    public static boolean isKnown(String uid) {
        return KNOWN.containsKey(uid.strip());
    }

    /** All known transfer syntaxes, native ones first. */
    public static List<TransferSyntax> known() {
        return List.copyOf(KNOWN.values());
    }

    /** The standard's name of the transfer syntax. */
    public String name() {
        return Uid.nameOf(uid);
    }
}
