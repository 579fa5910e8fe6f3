/** The DICOM data model: tags, value representations, data sets with sequences, fragments and typed values. */
@NullMarked
package health.isthmus.dicom.data;

import org.jspecify.annotations.NullMarked;
