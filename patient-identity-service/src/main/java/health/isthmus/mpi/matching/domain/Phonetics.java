package health.isthmus.mpi.matching.domain;

import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Phonetic keys of names: Lawrence Philips' Double Metaphone as Apache Commons Codec implements it, which knows
 * the spellings of names from several European languages ({@code SCHMIDT} and {@code SMITH} share {@code SMT}).
 */
public final class Phonetics {

    private static final int CODE_LENGTH = 6;

    private Phonetics() {}

    /** The primary code of a normalised name without spaces; empty for an empty name. */
    public static String primary(String name) {
        return name.isEmpty() ? "" : codec().doubleMetaphone(name, false);
    }

    /** The alternate code, equal to the primary one for most names. */
    public static String alternate(String name) {
        return name.isEmpty() ? "" : codec().doubleMetaphone(name, true);
    }

    private static DoubleMetaphone codec() {
        // the encoder keeps its maximum code length in a field; one per call avoids sharing mutable state
        DoubleMetaphone codec = new DoubleMetaphone();
        codec.setMaxCodeLen(CODE_LENGTH);
        return codec;
    }
}
