/** The archive's DICOM application entity: C-ECHO and C-STORE for every storage SOP class and transfer syntax. */
@NullMarked
package health.isthmus.dicomweb.dimse;

import org.jspecify.annotations.NullMarked;
