/** What report-service knows of orders: a read model of the HIS's orders and the worklist's steps, by site and accession number. */
@NullMarked
package health.isthmus.report.order;

import org.jspecify.annotations.NullMarked;
