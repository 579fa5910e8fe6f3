package health.isthmus.dicomweb.ingest;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.json.BulkDataUris;
import health.isthmus.dicom.json.DicomJsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the archive reads from a stored Part 10 file before indexing it: the UIDs, the attributes QIDO-RS matches on,
 * where the pixel data lies in the file, and the header as DICOM JSON for metadata responses. Bulk values are not
 * read into memory: they stay byte ranges of the file.
 *
 * @param dataset the data set with bulk values as references into the file
 * @param transferSyntaxUid the transfer syntax from the File Meta Information
 * @param metadataJson the data set as DICOM JSON; bulk values carry relative BulkDataURIs ({@code bulkdata/7FE00010}
 *     for the pixel data, {@code bulkdata/<offset>-<length>} for other byte ranges of the file)
 * @param bulkDataTags the top-level tags whose values are bulk data
 * @param pixelDataOffset where the pixel data value starts in the file (for encapsulated pixel data, the first item's
 *     value, the Basic Offset Table), or null without pixel data
 * @param pixelDataLength the pixel data's length, -1 when encapsulated (undefined length)
 */
public record InstanceHeader(
        Attributes dataset,
        String transferSyntaxUid,
        String metadataJson,
        List<String> bulkDataTags,
        @Nullable Long pixelDataOffset,
        @Nullable Long pixelDataLength) {

    /** Values longer than this stay in the file and are served as bulk data. */
    static final int BULK_DATA_THRESHOLD = 1024;

    /** The relative BulkDataURI of the pixel data. */
    public static final String PIXEL_DATA_URI = "bulkdata/7FE00010";

    private static final ReadOptions OPTIONS =
            ReadOptions.BULK_DATA_REFERENCES.withBulkDataThreshold(BULK_DATA_THRESHOLD);

    /**
     * Reads a Part 10 file's header. Deflated files are inflated as they are read, so their bulk values are read into
     * memory and their offsets would not be file offsets: there only the pixel data gets a URI.
     */
    static InstanceHeader read(InputStream file, long length) throws IOException {
        DicomInputStream in = new DicomInputStream(file, length);
        in.readFileMetaInformation();
        TransferSyntax syntax = in.transferSyntax();
        boolean deflated = syntax.equals(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        Attributes dataset = in.readDataset(deflated ? ReadOptions.DEFAULT : OPTIONS);
        List<String> bulkTags = new ArrayList<>();
        Long pixelOffset = null;
        Long pixelLength = null;
        for (int i = 0; i < dataset.size(); i++) {
            Object value = dataset.valueAt(i);
            int tag = dataset.tagAt(i);
            if (value instanceof BulkData bulk) {
                bulkTags.add(Tags.toHex(tag));
                if (tag == Tag.PixelData) {
                    pixelOffset = bulk.offset();
                    pixelLength = bulk.length();
                }
            } else if (value instanceof Fragments fragments) {
                bulkTags.add(Tags.toHex(tag));
                if (tag == Tag.PixelData && !fragments.isEmpty() && fragments.get(0) instanceof BulkData first) {
                    pixelOffset = first.offset();
                    pixelLength = -1L;
                } else if (tag == Tag.PixelData
                        && fragments.size() > 1
                        && fragments.get(1) instanceof BulkData second) {
                    // a short Basic Offset Table is read into memory; its value lies before the first fragment's
                    // item header
                    pixelOffset = second.offset() - 8 - fragments.length(0);
                    pixelLength = -1L;
                }
            } else if (tag == Tag.PixelData) {
                bulkTags.add(Tags.toHex(tag));
            }
        }
        String json = new DicomJsonWriter(uris(deflated)).toJson(dataset);
        return new InstanceHeader(dataset, syntax.uid(), json, List.copyOf(bulkTags), pixelOffset, pixelLength);
    }

    private static BulkDataUris uris(boolean deflated) {
        return (owner, tag, vr, value) -> {
            if (owner.parent() == null && tag == Tag.PixelData) {
                return PIXEL_DATA_URI;
            }
            if (!deflated && value instanceof BulkData bulk) {
                return "bulkdata/" + bulk.offset() + "-" + bulk.length();
            }
            return null;
        };
    }

    public @Nullable String studyInstanceUid() {
        return dataset.getString(Tag.StudyInstanceUID);
    }

    public @Nullable String seriesInstanceUid() {
        return dataset.getString(Tag.SeriesInstanceUID);
    }

    public @Nullable String sopInstanceUid() {
        return dataset.getString(Tag.SOPInstanceUID);
    }

    public @Nullable String sopClassUid() {
        return dataset.getString(Tag.SOPClassUID);
    }

    public @Nullable String string(int tag) {
        String value = dataset.getString(tag);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public @Nullable Integer integer(int tag) {
        int[] values = dataset.contains(tag) ? safeInts(tag) : null;
        return values == null || values.length == 0 ? null : values[0];
    }

    private int @Nullable [] safeInts(int tag) {
        try {
            return dataset.getInts(tag);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The patient name's alphabetic group, upper-case, for case-insensitive and fuzzy matching. */
    public @Nullable String patientNameSearch() {
        String name = string(Tag.PatientName);
        if (name == null) {
            return null;
        }
        int ideographic = name.indexOf('=');
        String alphabetic = ideographic < 0 ? name : name.substring(0, ideographic);
        return alphabetic.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * Why the instance cannot be indexed, or null when it can: the study, series and SOP instance UIDs and the SOP
     * class must be present and valid UIDs.
     */
    @Nullable
    String problem() {
        String[][] required = {
            {"Study Instance UID (0020,000D)", studyInstanceUid()},
            {"Series Instance UID (0020,000E)", seriesInstanceUid()},
            {"SOP Instance UID (0008,0018)", sopInstanceUid()},
            {"SOP Class UID (0008,0016)", sopClassUid()}
        };
        for (String[] attribute : required) {
            if (attribute[1] == null || attribute[1].isBlank()) {
                return attribute[0] + " is missing";
            }
            if (!Uids.isValid(attribute[1])) {
                return attribute[0] + " is not a valid UID";
            }
        }
        return null;
    }
}
