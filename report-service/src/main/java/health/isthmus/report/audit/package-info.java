/** Audit records of reports: who read or changed which patient's report, through which call or message. */
@NullMarked
package health.isthmus.report.audit;

import org.jspecify.annotations.NullMarked;
