/** The senders this service takes messages from: configured sites by MSH-4 and MSH-3, and the policy for others. */
@NullMarked
package health.isthmus.hl7ingest.sender;

import org.jspecify.annotations.NullMarked;
