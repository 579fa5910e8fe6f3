package health.isthmus.hl7.message;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import java.util.Optional;

/**
 * Finds the segments a parsed message actually carries. Unlike HAPI's {@code Terser} paths, it walks only
 * the structures the parser created and never instantiates the empty optional segments and groups of the
 * message model, so looking for a segment the message does not have (an MRG in an A04) costs microseconds.
 */
public final class Segments {

    private Segments() {}

    /** The first non-empty segment named {@code name} (such as {@code PID}), in message order, if any. */
    public static Optional<Segment> first(Group group, String name) {
        for (String child : group.getNames()) {
            Structure[] repetitions;
            try {
                repetitions = group.getAll(child);
            } catch (HL7Exception e) {
                throw new IllegalStateException("the message model names a structure it does not hold: " + child, e);
            }
            for (Structure structure : repetitions) {
                if (structure instanceof Segment segment) {
                    if (segment.getName().equals(name) && !isEmpty(segment)) {
                        return Optional.of(segment);
                    }
                } else if (structure instanceof Group nested) {
                    Optional<Segment> found = first(nested, name);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEmpty(Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }
}
