/** A real Orthanc PACS with its DICOMweb plugin as a peer of tests and benchmarks, in a process of its own. */
@NullMarked
package health.isthmus.testsupport.orthanc;

import org.jspecify.annotations.NullMarked;
