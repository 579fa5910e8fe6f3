/** Binary encoding of data sets: transfer syntaxes, streaming reader and writer, Part 10 files. */
@NullMarked
package health.isthmus.dicom.io;

import org.jspecify.annotations.NullMarked;
