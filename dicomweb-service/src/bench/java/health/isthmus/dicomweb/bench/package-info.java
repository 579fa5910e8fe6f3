/**
 * Benchmarks of the archive that print figures: side by side with a peer (Orthanc), or direct and through the gateway.
 */
@NullMarked
package health.isthmus.dicomweb.bench;

import org.jspecify.annotations.NullMarked;
