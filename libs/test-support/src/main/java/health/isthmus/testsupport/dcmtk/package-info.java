/** Runs DCMTK's command-line tools (storescu, findscu, echoscu, dump2dcm) as DICOM peers of a test, with a time limit. */
@NullMarked
package health.isthmus.testsupport.dcmtk;

import org.jspecify.annotations.NullMarked;
