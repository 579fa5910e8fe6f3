/** ADT translation: patient administration messages into patient events. */
@NullMarked
package health.isthmus.hl7ingest.adt;

import org.jspecify.annotations.NullMarked;
