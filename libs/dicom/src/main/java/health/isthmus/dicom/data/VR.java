package health.isthmus.dicom.data;

import org.jspecify.annotations.Nullable;

/** The value representations of PS3.5 section 6.2, with what a codec needs to know about each. */
public enum VR {
    AE(Kind.STRING, 0, ' ', false, false),
    AS(Kind.STRING, 0, ' ', false, false),
    AT(Kind.BINARY, 4, 0, false, false),
    CS(Kind.STRING, 0, ' ', false, false),
    DA(Kind.STRING, 0, ' ', false, false),
    DS(Kind.STRING, 0, ' ', false, false),
    DT(Kind.STRING, 0, ' ', false, false),
    FD(Kind.BINARY, 8, 0, false, false),
    FL(Kind.BINARY, 4, 0, false, false),
    IS(Kind.STRING, 0, ' ', false, false),
    LO(Kind.STRING, 0, ' ', false, true),
    LT(Kind.TEXT, 0, ' ', false, true),
    OB(Kind.BINARY, 1, 0, true, false),
    OD(Kind.BINARY, 8, 0, true, false),
    OF(Kind.BINARY, 4, 0, true, false),
    OL(Kind.BINARY, 4, 0, true, false),
    OV(Kind.BINARY, 8, 0, true, false),
    OW(Kind.BINARY, 2, 0, true, false),
    PN(Kind.STRING, 0, ' ', false, true),
    SH(Kind.STRING, 0, ' ', false, true),
    SL(Kind.BINARY, 4, 0, false, false),
    SQ(Kind.SEQUENCE, 0, 0, true, false),
    SS(Kind.BINARY, 2, 0, false, false),
    ST(Kind.TEXT, 0, ' ', false, true),
    SV(Kind.BINARY, 8, 0, true, false),
    TM(Kind.STRING, 0, ' ', false, false),
    UC(Kind.STRING, 0, ' ', true, true),
    UI(Kind.STRING, 0, 0, false, false),
    UL(Kind.BINARY, 4, 0, false, false),
    UN(Kind.BINARY, 1, 0, true, false),
    UR(Kind.TEXT, 0, ' ', true, false),
    US(Kind.BINARY, 2, 0, false, false),
    UT(Kind.TEXT, 0, ' ', true, true),
    UV(Kind.BINARY, 8, 0, true, false);

    /** How values of a VR are held. */
    public enum Kind {
        /** Character strings, several values separated by backslash. */
        STRING,
        /** Character text with a single value (backslash is an ordinary character). */
        TEXT,
        /** Binary numbers or bytes. */
        BINARY,
        /** A sequence of items. */
        SEQUENCE
    }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            BY_CODE[(vr.name().charAt(0) - 'A') * 26 + vr.name().charAt(1) - 'A'] = vr;
        }
    }

    private final Kind kind;
    private final int bytesPerValue;
    private final int paddingByte;
    private final boolean longHeader;
    private final boolean characterSetSensitive;

    VR(Kind kind, int bytesPerValue, int paddingByte, boolean longHeader, boolean characterSetSensitive) {
        this.kind = kind;
        this.bytesPerValue = bytesPerValue;
        this.paddingByte = paddingByte;
        this.longHeader = longHeader;
        this.characterSetSensitive = characterSetSensitive;
    }

    /** The VR whose two-letter code is in the two bytes, or null when the bytes name no VR. */
    public static @Nullable VR fromCode(int firstByte, int secondByte) {
        int a = firstByte - 'A';
        int b = secondByte - 'A';
        if (a < 0 || a >= 26 || b < 0 || b >= 26) {
            return null;
        }
        return BY_CODE[a * 26 + b];
    }

    /** The VR of a two-letter code, or null when it names none. */
    public static @Nullable VR fromCode(String code) {
        return code.length() == 2 ? fromCode(code.charAt(0), code.charAt(1)) : null;
    }

    /** How values of this VR are held. */
    public Kind kind() {
        return kind;
    }

    /** Size of one binary value in bytes (1 for OB and UN, 0 for character and sequence VRs). */
    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** The byte that pads a value to even length: space for text, NUL for UI and binary. */
    public int paddingByte() {
        return paddingByte;
    }

    /** Whether the Explicit VR header has two reserved bytes and a 32-bit length. */
    public boolean hasLongHeader() {
        return longHeader;
    }

    /** Whether values are decoded with the Specific Character Set (SH, LO, ST, LT, UC, UT, PN). */
    public boolean isCharacterSetSensitive() {
        return characterSetSensitive;
    }

    /** Whether values are character strings (text or multi-valued strings). */
    public boolean isString() {
        return kind == Kind.STRING || kind == Kind.TEXT;
    }

    /** Whether this VR may hold bulk data (OB, OD, OF, OL, OV, OW, UN). */
    public boolean isBulk() {
        return this == OB || this == OD || this == OF || this == OL || this == OV || this == OW || this == UN;
    }
}
