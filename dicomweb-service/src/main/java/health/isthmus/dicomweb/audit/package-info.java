/** The archive's audit records: every instance stored or refused, every query and retrieval, every admin change. */
@NullMarked
package health.isthmus.dicomweb.audit;

import org.jspecify.annotations.NullMarked;
