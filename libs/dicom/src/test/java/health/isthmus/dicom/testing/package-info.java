/** Test fixtures shared by the toolkit's tests and load harness: DCMTK peers, synthetic instances, Part 10 files. */
@NullMarked
package health.isthmus.dicom.testing;

import org.jspecify.annotations.NullMarked;
