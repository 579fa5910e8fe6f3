/** The DICOM listener of worklist-service: one AE title serving C-ECHO, the Modality Worklist and MPPS. */
@NullMarked
package health.isthmus.worklist.dicom;

import org.jspecify.annotations.NullMarked;
