/** JMH benchmarks of matching, run by hand as the module README says; not part of the build's tests. */
@NullMarked
package health.isthmus.mpi.matching.bench;

import org.jspecify.annotations.NullMarked;
