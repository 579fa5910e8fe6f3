/** ORU^R01 to the HIS over MLLP: a persistent queue per patient, acknowledgments, retries with backoff, dead letters. */
@NullMarked
package health.isthmus.report.delivery;

import org.jspecify.annotations.NullMarked;
