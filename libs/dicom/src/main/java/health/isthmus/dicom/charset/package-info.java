/** Specific Character Set handling: single-byte, multi-byte and ISO 2022 code-extension repertoires. */
@NullMarked
package health.isthmus.dicom.charset;

import org.jspecify.annotations.NullMarked;
