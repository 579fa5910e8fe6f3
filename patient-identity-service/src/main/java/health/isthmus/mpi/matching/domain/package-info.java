/** Record matching for the patient index: normalised demographics, field comparators, Fellegi-Sunter scoring and blocking. */
@NullMarked
package health.isthmus.mpi.matching.domain;

import org.jspecify.annotations.NullMarked;
