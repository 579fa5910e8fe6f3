/** Studies the archive holds (a read model of archive.study.v1) and the reading worklist of those without a final report. */
@NullMarked
package health.isthmus.report.study;

import org.jspecify.annotations.NullMarked;
