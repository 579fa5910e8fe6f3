package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DicomException;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.net.Association;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Data sets of DIMSE messages (identifiers, attribute lists) decoded from and encoded into a context's syntax. */
final class DataSets {

    /** The largest identifier or attribute list accepted in memory. */
    static final int MAX_DATA_SET = 4 << 20;

    private DataSets() {}

    /** Decodes a data set; a malformed one becomes a {@link DimseException} with the given status. */
    static Attributes decode(byte[] bytes, String transferSyntax, int failureStatus) {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes), bytes.length)) {
            return in.readDataset(
                    TransferSyntax.of(transferSyntax), ReadOptions.DEFAULT.withMaxValueLength(MAX_DATA_SET));
        } catch (IOException | DicomException malformed) {
            throw new DimseException(failureStatus, "undecodable data set: " + malformed.getMessage());
        }
    }

    /** Writes the attributes into a message's P-DATA stream in the transfer syntax. */
    static Association.DataSetWriter writer(Attributes attributes, String transferSyntax) {
        return out -> {
            DicomOutputStream dicom = new DicomOutputStream(out);
            dicom.writeDataset(attributes, TransferSyntax.of(transferSyntax));
            dicom.flush();
        };
    }
}
