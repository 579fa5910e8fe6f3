/** Benchmarks of the archive that run a peer side by side (Orthanc) and print both figures and their ratio. */
@NullMarked
package health.isthmus.dicomweb.bench;

import org.jspecify.annotations.NullMarked;
