/** Order translation: ORM^O01, OMI^O23 and OMG^O19 into order events keyed per order. */
@NullMarked
package health.isthmus.hl7ingest.order;

import org.jspecify.annotations.NullMarked;
