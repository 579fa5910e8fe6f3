package health.isthmus.dicomweb.wado;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The patient attributes WADO-RS coerces on the way out: those of the patient a study is filed under now (its study
 * row, kept current through MPI merges and updates), in place of what the modality sent.
 */
record PatientValues(
        @Nullable String patientName,
        @Nullable String patientId,
        @Nullable String issuerOfPatientId,
        @Nullable String patientBirthDate,
        @Nullable String patientSex) {

    /** The coerced attributes, in tag order. */
    static final List<Attribute> ATTRIBUTES = List.of(
            new Attribute(Tag.PatientName, VR.PN),
            new Attribute(Tag.PatientID, VR.LO),
            new Attribute(Tag.IssuerOfPatientID, VR.LO),
            new Attribute(Tag.PatientBirthDate, VR.DA),
            new Attribute(Tag.PatientSex, VR.CS));

    /** A coerced attribute. */
    record Attribute(int tag, VR vr) {}

    /** The value of a coerced attribute, null when the study row has none. */
    @Nullable
    String value(int tag) {
        return normalized(
                tag == Tag.PatientName,
                switch (tag) {
                    case Tag.PatientName -> patientName;
                    case Tag.PatientID -> patientId;
                    case Tag.IssuerOfPatientID -> issuerOfPatientId;
                    case Tag.PatientBirthDate -> patientBirthDate;
                    case Tag.PatientSex -> patientSex;
                    default -> throw new IllegalArgumentException("not a coerced attribute: " + tag);
                });
    }

    /** The values of a data set (as the modality sent them). */
    static PatientValues of(Attributes dataset) {
        return new PatientValues(
                dataset.getString(Tag.PatientName),
                dataset.getString(Tag.PatientID),
                dataset.getString(Tag.IssuerOfPatientID),
                dataset.getString(Tag.PatientBirthDate),
                dataset.getString(Tag.PatientSex));
    }

    /** Whether coercing a data set with these values to {@code target} changes nothing. */
    boolean sameAs(PatientValues target) {
        for (Attribute attribute : ATTRIBUTES) {
            if (!Objects.equals(value(attribute.tag()), target.value(attribute.tag()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces the patient attributes of a data set with these values. An attribute the study row has no value for is
     * emptied when present (another patient's value must not stay), and not added when absent.
     */
    void applyTo(Attributes dataset) {
        for (Attribute attribute : ATTRIBUTES) {
            String value = value(attribute.tag());
            if (value != null) {
                dataset.setString(attribute.tag(), attribute.vr(), value);
            } else if (dataset.contains(attribute.tag())) {
                dataset.setNull(attribute.tag(), attribute.vr());
            }
        }
    }

    private static @Nullable String normalized(boolean personName, @Nullable String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        // a person name's trailing empty components and groups carry nothing
        while (personName && (stripped.endsWith("^") || stripped.endsWith("="))) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped.isEmpty() ? null : stripped;
    }
}
