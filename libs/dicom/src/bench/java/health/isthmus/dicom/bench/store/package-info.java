/** The C-STORE load harness: the same instances from DCMTK storescu into our SCP and into DCMTK storescp. */
@NullMarked
package health.isthmus.dicom.bench.store;

import org.jspecify.annotations.NullMarked;
