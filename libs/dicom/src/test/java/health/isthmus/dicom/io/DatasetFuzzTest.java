package health.isthmus.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DicomException;
import health.isthmus.dicom.data.InvalidValueException;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Fuzz target for the data set reader: bytes read as a Part 10 file and as a bare data set in each native transfer
 * syntax. Only {@link DicomStreamException} may come out of reading; typed getters only {@link
 * InvalidValueException}; and whatever was read must write and read back with the same elements. The seeds under
 * src/test/resources replay in every build.
 */
class DatasetFuzzTest {

    private static final TransferSyntax[] SYNTAXES = {
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN
    };

    @FuzzTest(maxDuration = "10m")
    void datasetReader(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        Attributes dataset = null;
        try {
            if (data.length > 132 && data[128] == 'D' && data[129] == 'I' && data[130] == 'C' && data[131] == 'M') {
                DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(data), data.length);
                in.readFileMetaInformation();
                dataset = in.readDataset(ReadOptions.DEFAULT.withMaxDepth(16));
            } else {
                TransferSyntax syntax = SYNTAXES[(data[0] & 0xFF) % SYNTAXES.length];
                DicomInputStream in =
                        new DicomInputStream(new ByteArrayInputStream(data, 1, data.length - 1), data.length - 1);
                dataset = in.readDataset(syntax, ReadOptions.DEFAULT.withMaxDepth(16));
            }
        } catch (DicomStreamException expected) {
            return;
        }
        touchEveryValue(dataset);
        byte[] written;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DicomOutputStream out = new DicomOutputStream(bytes);
            out.writeDataset(dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            out.flush();
            written = bytes.toByteArray();
        } catch (DicomException tooLongForExplicitVr) {
            return;
        }
        Attributes back = new DicomInputStream(new ByteArrayInputStream(written), written.length)
                .readDataset(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.DEFAULT.withMaxDepth(16));
        assertThat(countElements(back)).isEqualTo(countWritable(dataset));
    }

    private static void touchEveryValue(Attributes dataset) {
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            try {
                dataset.stringsAt(i);
                dataset.getInts(tag);
                dataset.getDoubles(tag);
                dataset.getPersonName(tag);
                dataset.getDateRange(tag);
            } catch (InvalidValueException expected) {
                // values that are not what their getter reads
            }
            if (dataset.valueAt(i) instanceof Sequence sequence) {
                for (Attributes item : sequence) {
                    touchEveryValue(item);
                }
            }
        }
        dataset.toString();
    }

    private static int countElements(Attributes dataset) {
        int count = 0;
        for (int i = 0; i < dataset.size(); i++) {
            count++;
            if (dataset.valueAt(i) instanceof Sequence sequence) {
                for (Attributes item : sequence) {
                    count += 1 + countElements(item);
                }
            }
        }
        return count;
    }

    /** Elements the writer keeps: all but group lengths (UL) of ordinary groups and the File Meta group at the top. */
    private static int countWritable(Attributes dataset) {
        return countWritable(dataset, 0);
    }

    private static int countWritable(Attributes dataset, int depth) {
        int count = 0;
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            int group = tag >>> 16;
            boolean groupLength = (tag & 0xFFFF) == 0 && dataset.vrAt(i) == VR.UL;
            if ((depth == 0 && group == 0x0002) || (groupLength && group != 0x0000 && group != 0x0002)) {
                continue;
            }
            count++;
            if (dataset.valueAt(i) instanceof Sequence sequence) {
                for (Attributes item : sequence) {
                    count += 1 + countWritable(item, depth + 1);
                }
            }
        }
        return count;
    }
}
