package health.isthmus.mpi.matching.domain;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A postal address.
 *
 * @param lines street lines, first one with the house number
 * @param city city or town
 * @param postalCode postal code
 */
public record Address(
        List<String> lines, @Nullable String city, @Nullable String postalCode) {

    public Address {
        lines = List.copyOf(lines);
    }
}
