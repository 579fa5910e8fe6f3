/** Reading raw HL7 v2 messages: character sets (MSH-18), header fields and parsing with HAPI. */
@NullMarked
package health.isthmus.hl7.message;

import org.jspecify.annotations.NullMarked;
