/** DICOM JSON (PS3.18 F.2) reading and writing of data sets. */
@NullMarked
package health.isthmus.dicom.json;

import org.jspecify.annotations.NullMarked;
