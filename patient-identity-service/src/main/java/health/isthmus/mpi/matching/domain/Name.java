package health.isthmus.mpi.matching.domain;

import org.jspecify.annotations.Nullable;

/**
 * A person's name as a source system sent it.
 *
 * @param family family name, possibly double-barrelled ({@code Smith-Jones})
 * @param given first given name
 * @param middle further given names or initials
 */
public record Name(
        @Nullable String family,
        @Nullable String given,
        @Nullable String middle) {}
