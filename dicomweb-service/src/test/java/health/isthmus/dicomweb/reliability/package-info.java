/** The archive's part of the reliability battery (RELIABILITY.md T7, T8): duplicates and kills. */
@NullMarked
package health.isthmus.dicomweb.reliability;

import org.jspecify.annotations.NullMarked;
