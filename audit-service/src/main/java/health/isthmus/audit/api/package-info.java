/** The auditors' REST API under /api/audit: search the trail and verify its chain. */
@NullMarked
package health.isthmus.audit.api;

import org.jspecify.annotations.NullMarked;
