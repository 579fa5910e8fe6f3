/** Acknowledgments: AA, AE and AR messages with ERR segments, also for input too broken to parse. */
@NullMarked
package health.isthmus.hl7.ack;

import org.jspecify.annotations.NullMarked;
