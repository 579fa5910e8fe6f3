package health.isthmus.dicomweb.testing;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseClient;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.AssociationProposal;
import health.isthmus.dicom.net.AssociationState;
import health.isthmus.dicom.net.DicomClient;
import health.isthmus.dicom.net.UpperLayerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A modality sending CT images with C-STORE over one association, in Explicit VR Little Endian. */
public final class StoreScu implements AutoCloseable {

    private final Association association;
    private final DimseClient client;

    public StoreScu(String callingAeTitle, int port, String calledAeTitle) throws IOException {
        association = new DicomClient(UpperLayerSettings.defaults(), null)
                .connect(
                        "127.0.0.1",
                        port,
                        AssociationProposal.builder(callingAeTitle, calledAeTitle)
                                .propose(Uid.CTImageStorage, Uid.ExplicitVRLittleEndian)
                                .build());
        client = new DimseClient(association);
    }

    /** The data set as C-STORE carries it: encoded in Explicit VR Little Endian, no File Meta Information. */
    public static byte[] encode(Attributes dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dicom = new DicomOutputStream(out);
        dicom.writeDataset(dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        dicom.flush();
        return out.toByteArray();
    }

    public DimseStatus store(Attributes dataset) throws IOException {
        byte[] encoded = encode(dataset);
        return client.store(
                dataset.getString(Tag.SOPClassUID),
                dataset.getString(Tag.SOPInstanceUID),
                Uid.ExplicitVRLittleEndian,
                out -> out.write(encoded));
    }

    /** Ends the association without waiting (the peer may be gone). */
    public void abort() {
        association.abort();
    }

    /** Releases the association, unless it already ended (aborted, or the peer is gone). */
    @Override
    public void close() throws IOException {
        if (association.state() == AssociationState.ESTABLISHED) {
            association.release();
        }
    }
}
