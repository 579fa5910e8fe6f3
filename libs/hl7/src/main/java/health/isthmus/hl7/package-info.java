/** HL7 v2 building blocks shared by the services that speak to a hospital information system. */
@NullMarked
package health.isthmus.hl7;

import org.jspecify.annotations.NullMarked;
