package health.isthmus.launcher.demo;

/** The demo's patient, as the HIS registers them ({@code mrn} of assigning authority GENHOSP). */
record DemoPatient(String mrn, String family, String given, String birthDate, String sex) {

    /** The name as DICOM writes it. */
    String dicomName() {
        return family + "^" + given;
    }
}
