/** The report lifecycle: create, edit, sign, amend and cancel reports, every version kept, deliveries queued with the change. */
@NullMarked
package health.isthmus.report.lifecycle;

import org.jspecify.annotations.NullMarked;
