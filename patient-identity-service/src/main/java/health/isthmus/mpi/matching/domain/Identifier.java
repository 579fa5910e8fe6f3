package health.isthmus.mpi.matching.domain;

/**
 * A patient identifier as its assigning authority issued it.
 *
 * @param value the identifier, for example {@code MRN100001}
 * @param authority the assigning authority's namespace id, for example {@code GENHOSP}
 */
public record Identifier(String value, String authority) {

    public Identifier {
        if (value.isBlank() || authority.isBlank()) {
            throw new IllegalArgumentException("an identifier needs a value and an assigning authority");
        }
    }
}
