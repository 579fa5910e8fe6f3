package health.isthmus.dicom.io;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DicomException;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;

/** Builds the File Meta Information group (0002,xxxx) of a Part 10 file. */
public final class FileMetaInformation {

    /** This toolkit's Implementation Class UID (0002,0012). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.204911438757576418023163496887790306298";

    /** This toolkit's Implementation Version Name (0002,0013). */
    public static final String IMPLEMENTATION_VERSION_NAME = "ISTHMUS_010";

    private FileMetaInformation() {}

    /** File Meta Information for an instance stored in a transfer syntax. */
    public static Attributes create(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        Attributes meta = new Attributes(8);
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        meta.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return meta;
    }

    /** File Meta Information taking SOP Class and Instance UID from the data set. */
    public static Attributes createFor(Attributes dataset, String transferSyntaxUid) {
        String sopClass = dataset.getString(Tag.SOPClassUID);
        String sopInstance = dataset.getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new DicomException("the data set needs SOP Class UID and SOP Instance UID for a Part 10 file");
        }
        return create(sopClass, sopInstance, transferSyntaxUid);
    }

    /** Adds Source Application Entity Title (0002,0016), as a receiving archive records the sender. */
    public static Attributes withSourceAeTitle(Attributes meta, String aeTitle) {
        meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, aeTitle);
        return meta;
    }
}
