/** Reports and the rules of their statuses, in plain Java. */
@NullMarked
package health.isthmus.report.lifecycle.domain;

import org.jspecify.annotations.NullMarked;
