package health.isthmus.hl7.message;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.IDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HAPI parser configuration of the platform: every version from 2.3 to 2.8 read into the canonical
 * 2.5.1 model, syntax checked by the parser and content checked by our own rules rather than HAPI's.
 */
public final class Hl7Parsing {

    /** The version of the structures messages are parsed into and acknowledgments are written in. */
    public static final String CANONICAL_VERSION = "2.5.1";

    private Hl7Parsing() {}

    /** A new HAPI context with the platform's settings; contexts are thread-safe and meant to be shared. */
    public static HapiContext newContext() {
        HapiContext context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory(CANONICAL_VERSION));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setIdGenerator(new ControlIdGenerator());
        return context;
    }

    /** The pipe parser of a context. */
    public static PipeParser pipeParser(HapiContext context) {
        return context.getPipeParser();
    }

    /**
     * Control ids for messages the platform writes: 20 characters at most (the MSH-10 length of 2.5.1),
     * time-ordered and unique across restarts without a file. The random part needs to be unique, not
     * unguessable: it comes from each thread's own generator (every acknowledgment takes one, and a shared
     * {@code SecureRandom} makes the connections queue for its lock).
     */
    static final class ControlIdGenerator implements IDGenerator {

        @Override
        public String getID() {
            String time = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
            String noise = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                    .toUpperCase(Locale.ROOT);
            String id = "IS" + time + noise;
            return id.length() > 20 ? id.substring(0, 20) : id;
        }
    }
}
