package health.isthmus.dicom.data;

import health.isthmus.dicom.charset.SpecificCharacterSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A data set: data elements ordered by tag, each with its VR and value. Items of sequences are data sets too, and
 * know their parent (for the Specific Character Set they inherit).
 *
 * <p>Values are held as read: binary values as little-endian bytes, strings as their encoded bytes until asked for
 * (so parsing a header costs no decoding), or as the strings, numbers, sequences, fragments and bulk data
 * references a caller set. The typed getters convert on access.
 *
 * <p>Not thread-safe; share only after building it.
 */
public final class Attributes {

    private static final byte[] EMPTY = new byte[0];
    private static final String[] NO_STRINGS = new String[0];

    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    private @Nullable Attributes parent;
    private @Nullable SpecificCharacterSet characterSet;

    /** An empty data set. */
    public Attributes() {
        this(16);
    }

    /** An empty data set with room for some elements. */
    public Attributes(int initialCapacity) {
        int capacity = Math.max(4, initialCapacity);
        tags = new int[capacity];
        vrs = new VR[capacity];
        values = new Object[capacity];
    }

    /** A deep copy of another data set (bulk data references and fragments are shared, bytes copied). */
    public Attributes(Attributes other) {
        this(other.size);
        for (int i = 0; i < other.size; i++) {
            Object value = other.values[i];
            Object copy = switch (value) {
                case byte[] bytes -> bytes.clone();
                case String[] strings -> strings.clone();
                case Sequence seq -> {
                    Sequence s = new Sequence(this, seq.size());
                    for (Attributes item : seq) {
                        s.add(new Attributes(item));
                    }
                    yield s;
                }
                default -> value;
            };
            put(other.tags[i], other.vrs[i], copy);
        }
    }

    void setParent(@Nullable Attributes parent) {
        this.parent = parent;
        if (!contains(Tag.SpecificCharacterSet)) {
            characterSet = null;
        }
    }

    /** The data set whose sequence holds this item, or null for a top-level data set. */
    public @Nullable Attributes parent() {
        return parent;
    }

    /** The number of elements (not counting those inside sequences). */
    public int size() {
        return size;
    }

    /** Whether there are no elements. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The tag of the element at an index (elements are in ascending tag order). */
    public int tagAt(int index) {
        checkIndex(index);
        return tags[index];
    }

    /** The VR of the element at an index. */
    public VR vrAt(int index) {
        checkIndex(index);
        return vrs[index];
    }

    /**
     * The value of the element at an index as held: {@code byte[]} (little endian, possibly empty), {@code
     * String[]}, {@link Sequence}, {@link Fragments} or {@link BulkData}.
     */
    public Object valueAt(int index) {
        checkIndex(index);
        return values[index];
    }

    private void checkIndex(int index) {
        Objects.checkIndex(index, size);
    }

    /** The index of a tag, or a negative number when absent. */
    public int indexOf(int tag) {
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
            return -size - 1;
        }
        return Tags.binarySearch(tags, size, tag);
    }

    /** Whether the data set has an element with a tag (empty or not). */
    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** Whether the element is present and has a value (not zero length). */
    public boolean containsValue(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return false;
        }
        return switch (values[i]) {
            case byte[] bytes -> bytes.length > 0;
            case String[] strings -> strings.length > 0;
            case Sequence seq -> !seq.isEmpty();
            default -> true;
        };
    }

    /** The VR of an element, or null when absent. */
    public @Nullable VR vr(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The value of an element as held (see {@link #valueAt}), or null when absent. */
    public @Nullable Object value(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    /**
     * Sets an element to a value as held: {@code byte[]} (little endian), {@code String[]}, {@link Sequence} (of
     * this data set), {@link Fragments} or {@link BulkData}. Codecs use this; applications prefer the typed setters.
     */
    public void setValue(int tag, VR vr, Object value) {
        if (!(value instanceof byte[]
                || value instanceof String[]
                || value instanceof Sequence
                || value instanceof Fragments
                || value instanceof BulkData)) {
            throw new IllegalArgumentException(
                    "unsupported value holder " + value.getClass().getName());
        }
        if (value instanceof Sequence seq && seq.parent() != this) {
            throw new IllegalArgumentException("a sequence belongs to the data set that created it");
        }
        put(tag, vr, value);
    }

    private void put(int tag, VR vr, Object value) {
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
        } else {
            int at = -i - 1;
            if (size == tags.length) {
                int capacity = size * 2;
                tags = Arrays.copyOf(tags, capacity);
                vrs = Arrays.copyOf(vrs, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            if (at < size) {
                System.arraycopy(tags, at, tags, at + 1, size - at);
                System.arraycopy(vrs, at, vrs, at + 1, size - at);
                System.arraycopy(values, at, values, at + 1, size - at);
            }
            tags[at] = tag;
            vrs[at] = vr;
            values[at] = value;
            size++;
        }
        if (tag == Tag.SpecificCharacterSet) {
            characterSet = null;
        }
    }

    /** Removes an element; returns whether it was there. */
    public boolean remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return false;
        }
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        if (tag == Tag.SpecificCharacterSet) {
            characterSet = null;
        }
        return true;
    }

    /** Copies all elements of another data set into this one, replacing elements with the same tag. */
    public void addAll(Attributes other) {
        Attributes copy = new Attributes(other);
        for (int i = 0; i < copy.size; i++) {
            Object value = copy.values[i];
            if (value instanceof Sequence seq) {
                Sequence mine = newSequence(copy.tags[i], seq.size());
                for (Attributes item : seq.toArray(new Attributes[0])) {
                    mine.add(item);
                }
            } else {
                put(copy.tags[i], copy.vrs[i], value);
            }
        }
    }

    // ---------------------------------------------------------------- character set

    /** The character set of this data set's strings: its own (0008,0005), else its parent's, else the default. */
    public SpecificCharacterSet specificCharacterSet() {
        SpecificCharacterSet cs = characterSet;
        if (cs == null) {
            int i = indexOf(Tag.SpecificCharacterSet);
            if (i >= 0) {
                cs = SpecificCharacterSet.of(asciiStrings(i));
            } else if (parent != null) {
                return parent.specificCharacterSet();
            } else {
                cs = SpecificCharacterSet.DEFAULT;
            }
            characterSet = cs;
        }
        return cs;
    }

    private String[] asciiStrings(int index) {
        Object value = values[index];
        if (value instanceof String[] strings) {
            return strings;
        }
        if (value instanceof byte[] bytes) {
            return splitAndTrim(new String(bytes, StandardCharsets.ISO_8859_1), vrs[index]);
        }
        return NO_STRINGS;
    }

    // ---------------------------------------------------------------- strings

    /** The values of an element as strings (numbers of binary VRs formatted), or null when absent. */
    public String @Nullable [] getStrings(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : stringsAt(i);
    }

    /** The values of the element at an index as strings. */
    public String[] stringsAt(int index) {
        checkIndex(index);
        Object value = values[index];
        VR vr = vrs[index];
        return switch (value) {
            case String[] strings -> strings;
            case byte[] bytes -> bytes.length == 0 ? NO_STRINGS : bytesToStrings(bytes, vr);
            default -> NO_STRINGS;
        };
    }

    private String[] bytesToStrings(byte[] bytes, VR vr) {
        if (vr.isString()) {
            String text = vr.isCharacterSetSensitive()
                    ? specificCharacterSet().decode(bytes)
                    : new String(bytes, StandardCharsets.ISO_8859_1);
            return splitAndTrim(text, vr);
        }
        return switch (vr) {
            case US, SS, UL, SL, UV, SV, FL, FD, OF, OD, OL, OV, OW -> {
                Number[] numbers = numbers(bytes, vr);
                String[] out = new String[numbers.length];
                for (int i = 0; i < numbers.length; i++) {
                    out[i] = numbers[i].toString();
                }
                yield out;
            }
            case AT -> {
                int[] ats = ints(bytes, vr);
                String[] out = new String[ats.length];
                for (int i = 0; i < ats.length; i++) {
                    out[i] = Tags.toHex(ats[i]);
                }
                yield out;
            }
            default -> new String[] {new String(bytes, StandardCharsets.ISO_8859_1)};
        };
    }

    private static String[] splitAndTrim(String text, VR vr) {
        if (vr.kind() == VR.Kind.TEXT) {
            return new String[] {stripTrailing(text)};
        }
        if (text.indexOf('\\') < 0) {
            return new String[] {trim(text, vr)};
        }
        String[] parts = text.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = trim(parts[i], vr);
        }
        return parts;
    }

    private static String trim(String value, VR vr) {
        int start = 0;
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == 0)) {
            end--;
        }
        if (vr != VR.PN) {
            while (start < end && value.charAt(start) == ' ') {
                start++;
            }
        }
        return value.substring(start, end);
    }

    private static String stripTrailing(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == 0)) {
            end--;
        }
        return value.substring(0, end);
    }

    /** The first value of an element as a string, or null when absent or empty. */
    public @Nullable String getString(int tag) {
        return getString(tag, 0);
    }

    /** The value at a position of an element as a string, or null when there is none. */
    public @Nullable String getString(int tag, int valueIndex) {
        String[] strings = getStrings(tag);
        if (strings == null || valueIndex >= strings.length) {
            return null;
        }
        return strings[valueIndex];
    }

    /** The first value as a string, or a default when absent or empty. */
    public String getString(int tag, String defaultValue) {
        String value = getString(tag);
        return value == null ? defaultValue : value;
    }

    /** Sets string values; for binary VRs the strings are parsed as numbers (or hex tags for AT). */
    public void setString(int tag, VR vr, String... strings) {
        switch (vr.kind()) {
            case STRING, TEXT -> put(tag, vr, strings.clone());
            case BINARY -> setBinaryFromStrings(tag, vr, strings);
            case SEQUENCE -> throw new IllegalArgumentException("a sequence has no string value");
        }
    }

    private void setBinaryFromStrings(int tag, VR vr, String[] strings) {
        try {
            switch (vr) {
                case FL, OF -> {
                    float[] f = new float[strings.length];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = Float.parseFloat(strings[i].strip());
                    }
                    setFloat(tag, vr, f);
                }
                case FD, OD -> {
                    double[] d = new double[strings.length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = Double.parseDouble(strings[i].strip());
                    }
                    setDouble(tag, vr, d);
                }
                case AT -> {
                    int[] t = new int[strings.length];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = Tags.parseHex(strings[i].strip());
                    }
                    setInt(tag, vr, t);
                }
                case UV, SV, OV -> {
                    long[] l = new long[strings.length];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = vr == VR.SV
                                ? Long.parseLong(strings[i].strip())
                                : Long.parseUnsignedLong(strings[i].strip());
                    }
                    setLong(tag, vr, l);
                }
                case UL -> {
                    int[] v = new int[strings.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (int) Long.parseLong(strings[i].strip());
                    }
                    setInt(tag, vr, v);
                }
                default -> {
                    int[] v = new int[strings.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Integer.parseInt(strings[i].strip());
                    }
                    setInt(tag, vr, v);
                }
            }
        } catch (NumberFormatException e) {
            throw new InvalidValueException(
                    Tags.toString(tag) + " " + vr + ": not a number in " + Arrays.toString(strings), e);
        }
    }

    // ---------------------------------------------------------------- numbers

    /** The values of an element as ints (US, SS, UL, SL, AT, IS, and whole DS), or null when absent. */
    public int @Nullable [] getInts(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        VR vr = vrs[i];
        Object value = values[i];
        if (vr.kind() == VR.Kind.BINARY && value instanceof byte[] bytes) {
            return ints(bytes, vr);
        }
        String[] strings = stringsAt(i);
        int[] out = new int[strings.length];
        for (int k = 0; k < strings.length; k++) {
            try {
                out[k] = vr == VR.DS ? (int) Double.parseDouble(strings[k]) : Integer.parseInt(strings[k].strip());
            } catch (NumberFormatException e) {
                throw new InvalidValueException(
                        Tags.toString(tag) + " " + vr + ": not an integer '" + strings[k] + "'", e);
            }
        }
        return out;
    }

    /** The first value as an int, or a default when absent or empty. */
    public int getInt(int tag, int defaultValue) {
        int[] ints = getInts(tag);
        return ints == null || ints.length == 0 ? defaultValue : ints[0];
    }

    /** The values as longs (UV, SV, UL unsigned, and the int VRs), or null when absent. */
    public long @Nullable [] getLongs(int tag) {
        Number[] numbers = numbersOf(tag, Long::parseLong, "an integer");
        if (numbers == null) {
            return null;
        }
        long[] out = new long[numbers.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = numbers[k].longValue();
        }
        return out;
    }

    /** The values as doubles (FL, FD, OF, OD, DS, IS and the integer VRs), or null when absent. */
    public double @Nullable [] getDoubles(int tag) {
        Number[] numbers = numbersOf(tag, Double::parseDouble, "a number");
        if (numbers == null) {
            return null;
        }
        double[] out = new double[numbers.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = numbers[k].doubleValue();
        }
        return out;
    }

    /** Binary values as they are, string values through the parser; null when absent. */
    private Number @Nullable [] numbersOf(int tag, java.util.function.Function<String, Number> parser, String what) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        VR vr = vrs[i];
        if (values[i] instanceof byte[] bytes && vr.kind() == VR.Kind.BINARY) {
            return numbers(bytes, vr);
        }
        String[] strings = stringsAt(i);
        Number[] out = new Number[strings.length];
        for (int k = 0; k < strings.length; k++) {
            try {
                out[k] = parser.apply(strings[k].strip());
            } catch (NumberFormatException e) {
                throw new InvalidValueException(Tags.toString(tag) + ": not " + what + " '" + strings[k] + "'", e);
            }
        }
        return out;
    }

    /** The first value as a double, or a default when absent or empty. */
    public double getDouble(int tag, double defaultValue) {
        double[] d = getDoubles(tag);
        return d == null || d.length == 0 ? defaultValue : d[0];
    }

    /** The values as floats, or null when absent. */
    public float @Nullable [] getFloats(int tag) {
        double[] d = getDoubles(tag);
        if (d == null) {
            return null;
        }
        float[] out = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = (float) d[k];
        }
        return out;
    }

    /** The first value as a float, or a default when absent or empty. */
    public float getFloat(int tag, float defaultValue) {
        return (float) getDouble(tag, defaultValue);
    }

    /** Sets integer values: binary for US, SS, UL, SL, AT, UV, SV, OW, OL; decimal strings for IS and DS. */
    public void setInt(int tag, VR vr, int... ints) {
        if (vr.isString()) {
            String[] s = new String[ints.length];
            for (int i = 0; i < ints.length; i++) {
                s[i] = Integer.toString(ints[i]);
            }
            put(tag, vr, s);
            return;
        }
        ByteBuffer buffer = binary(vr, ints.length);
        for (int v : ints) {
            switch (vr) {
                case US, SS, OW -> buffer.putShort((short) v);
                case AT -> {
                    buffer.putShort((short) (v >>> 16));
                    buffer.putShort((short) v);
                }
                case UL, SL, OL -> buffer.putInt(v);
                case UV, SV, OV -> buffer.putLong(vr == VR.SV ? v : Integer.toUnsignedLong(v));
                case FL, OF -> buffer.putFloat(v);
                case FD, OD -> buffer.putDouble(v);
                case OB, UN -> buffer.put((byte) v);
                default -> throw new IllegalArgumentException(vr + " holds no integers");
            }
        }
        put(tag, vr, buffer.array());
    }

    /** Sets 64-bit integer values (UV, SV, OV; or decimal strings for IS). */
    public void setLong(int tag, VR vr, long... longs) {
        if (vr.isString()) {
            String[] s = new String[longs.length];
            for (int i = 0; i < longs.length; i++) {
                s[i] = Long.toString(longs[i]);
            }
            put(tag, vr, s);
            return;
        }
        if (vr.bytesPerValue() != 8 || vr == VR.FD || vr == VR.OD) {
            int[] ints = new int[longs.length];
            for (int i = 0; i < longs.length; i++) {
                ints[i] = (int) longs[i];
            }
            setInt(tag, vr, ints);
            return;
        }
        ByteBuffer buffer = binary(vr, longs.length);
        for (long v : longs) {
            buffer.putLong(v);
        }
        put(tag, vr, buffer.array());
    }

    /** Sets float values (FL, OF; or decimal strings for DS). */
    public void setFloat(int tag, VR vr, float... floats) {
        double[] d = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            d[i] = floats[i];
        }
        if (vr == VR.FL || vr == VR.OF) {
            ByteBuffer buffer = binary(vr, floats.length);
            for (float f : floats) {
                buffer.putFloat(f);
            }
            put(tag, vr, buffer.array());
        } else {
            setDouble(tag, vr, d);
        }
    }

    /** Sets double values (FD, OD; FL, OF narrowed; or decimal strings for DS). */
    public void setDouble(int tag, VR vr, double... doubles) {
        if (vr.isString()) {
            String[] s = new String[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                s[i] = formatDecimal(doubles[i]);
            }
            put(tag, vr, s);
            return;
        }
        ByteBuffer buffer = binary(vr, doubles.length);
        for (double v : doubles) {
            switch (vr) {
                case FD, OD -> buffer.putDouble(v);
                case FL, OF -> buffer.putFloat((float) v);
                default -> throw new IllegalArgumentException(vr + " holds no floating point numbers");
            }
        }
        put(tag, vr, buffer.array());
    }

    private static String formatDecimal(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        return s.length() <= 16 ? s : String.format(Locale.ROOT, "%.10g", value).strip();
    }

    private static ByteBuffer binary(VR vr, int count) {
        int width = vr.bytesPerValue();
        if (width == 0) {
            throw new IllegalArgumentException(vr + " is not a binary VR");
        }
        return ByteBuffer.allocate(width * count).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] ints(byte[] bytes, VR vr) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int width = Math.max(1, vr.bytesPerValue());
        int[] out = new int[bytes.length / width];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (vr) {
                case US, OW -> buffer.getShort() & 0xFFFF;
                case SS -> buffer.getShort();
                case AT -> ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF);
                case UL, SL, OL -> buffer.getInt();
                case FL, OF -> (int) buffer.getFloat();
                case FD, OD -> (int) buffer.getDouble();
                case UV, SV, OV -> (int) buffer.getLong();
                default -> buffer.get() & 0xFF;
            };
        }
        return out;
    }

    private static Number[] numbers(byte[] bytes, VR vr) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int width = Math.max(1, vr.bytesPerValue());
        Number[] out = new Number[bytes.length / width];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (vr) {
                case US, OW -> buffer.getShort() & 0xFFFF;
                case SS -> buffer.getShort();
                case UL -> Integer.toUnsignedLong(buffer.getInt());
                case AT -> ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF);
                case SL, OL -> buffer.getInt();
                case FL, OF -> buffer.getFloat();
                case FD, OD -> buffer.getDouble();
                case SV -> buffer.getLong();
                case UV, OV -> {
                    long v = buffer.getLong();
                    yield v >= 0 ? (Number) v : new java.math.BigInteger(Long.toUnsignedString(v));
                }
                default -> buffer.get() & 0xFF;
            };
        }
        return out;
    }

    // ---------------------------------------------------------------- bytes

    /**
     * The value bytes of an element as they are encoded in little endian (strings encoded with the character set,
     * unpadded), or null when absent or held as sequence, fragments or bulk data.
     */
    public byte @Nullable [] getBytes(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        return switch (values[i]) {
            case byte[] bytes -> bytes;
            case String[] strings -> encodeStrings(strings, vrs[i]);
            default -> null;
        };
    }

    /** Encodes string values of a VR with this data set's character set (without padding). */
    public byte[] encodeStrings(String[] strings, VR vr) {
        if (strings.length == 0) {
            return EMPTY;
        }
        String joined = strings.length == 1 ? strings[0] : String.join("\\", strings);
        return vr.isCharacterSetSensitive()
                ? specificCharacterSet().encode(joined)
                : joined.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sets raw little-endian value bytes (the array is kept, not copied). */
    public void setBytes(int tag, VR vr, byte[] bytes) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException("a sequence has no byte value");
        }
        put(tag, vr, bytes);
    }

    /** Sets an element with no value (zero length). */
    public void setNull(int tag, VR vr) {
        if (vr == VR.SQ) {
            newSequence(tag, 0);
        } else {
            put(tag, vr, EMPTY);
        }
    }

    /** Sets a bulk data reference as the value. */
    public void setBulkData(int tag, VR vr, BulkData bulkData) {
        put(tag, vr, bulkData);
    }

    /** The bulk data reference of an element, or null when absent or held otherwise. */
    public @Nullable BulkData getBulkData(int tag) {
        return value(tag) instanceof BulkData bulk ? bulk : null;
    }

    // ---------------------------------------------------------------- sequences and fragments

    /** Replaces an element by a new empty sequence and returns it. */
    public Sequence newSequence(int tag, int expectedItems) {
        Sequence sequence = new Sequence(this, Math.max(0, Math.min(expectedItems, 1024)));
        put(tag, VR.SQ, sequence);
        return sequence;
    }

    /** Replaces an element by a new empty sequence and returns it. */
    public Sequence newSequence(int tag) {
        return newSequence(tag, 1);
    }

    /** The sequence of an element, or null when absent or not a sequence. */
    public @Nullable Sequence getSequence(int tag) {
        return value(tag) instanceof Sequence seq ? seq : null;
    }

    /** The first item of a sequence, or null when there is none. */
    public @Nullable Attributes getNestedDataset(int tag) {
        Sequence seq = getSequence(tag);
        return seq == null || seq.isEmpty() ? null : seq.get(0);
    }

    /** Sets encapsulated fragments as the value of an element. */
    public void setFragments(int tag, Fragments fragments) {
        put(tag, fragments.vr(), fragments);
    }

    /** The fragments of encapsulated pixel data, or null when absent or native. */
    public @Nullable Fragments getFragments(int tag) {
        return value(tag) instanceof Fragments f ? f : null;
    }

    // ---------------------------------------------------------------- dates, names

    /** The first DA value as a date, or null when absent or empty. */
    public @Nullable LocalDate getDate(int tag) {
        return parseFirst(tag, DicomDates::parseDate);
    }

    /** The first TM value as a time, or null when absent or empty. */
    public @Nullable LocalTime getTime(int tag) {
        return parseFirst(tag, DicomDates::parseTime);
    }

    /** The first DT value as LocalDateTime or OffsetDateTime, or null when absent or empty. */
    public @Nullable Temporal getDateTime(int tag) {
        return parseFirst(tag, DicomDates::parseDateTime);
    }

    /** The DA value or range (as in a query key), or null when absent or empty. */
    public @Nullable DateRange getDateRange(int tag) {
        return parseFirst(tag, DateRange::parse);
    }

    /** The TM value or range, or null when absent or empty. */
    public @Nullable TimeRange getTimeRange(int tag) {
        return parseFirst(tag, TimeRange::parse);
    }

    /** The DT value or range, or null when absent or empty. */
    public @Nullable DateTimeRange getDateTimeRange(int tag) {
        return parseFirst(tag, DateTimeRange::parse);
    }

    private <T> @Nullable T parseFirst(int tag, java.util.function.Function<String, T> parser) {
        String s = getString(tag);
        return s == null || s.isEmpty() ? null : parser.apply(s);
    }

    /** Sets a DA value. */
    public void setDate(int tag, LocalDate date) {
        put(tag, VR.DA, new String[] {DicomDates.formatDate(date)});
    }

    /** Sets a TM value. */
    public void setTime(int tag, LocalTime time) {
        put(tag, VR.TM, new String[] {DicomDates.formatTime(time)});
    }

    /** Sets a DT value from a LocalDateTime or OffsetDateTime. */
    public void setDateTime(int tag, Temporal dateTime) {
        put(tag, VR.DT, new String[] {DicomDates.formatDateTime(dateTime)});
    }

    /** The first PN value, or null when absent or empty. */
    public @Nullable PersonName getPersonName(int tag) {
        return parseFirst(tag, PersonName::parse);
    }

    /** Sets PN values. */
    public void setPersonName(int tag, PersonName... names) {
        String[] s = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            s[i] = names[i].toString();
        }
        put(tag, VR.PN, s);
    }

    // ---------------------------------------------------------------- private elements

    /** The private creator that reserved the block of a private tag, or null when none did. */
    public @Nullable String getPrivateCreator(int privateTag) {
        if (!Tags.isPrivate(privateTag) || Tags.element(privateTag) < 0x1000) {
            return null;
        }
        return getString(Tags.creatorOf(privateTag));
    }

    /**
     * The tag of a private element in the block of a creator: (gggg,xxee) where (gggg,00xx) holds the creator, or -1
     * when the creator has no block in that group.
     */
    public int privateTag(String creator, int group, int elementOffset) {
        for (int block = 0x10; block <= 0xFF; block++) {
            int creatorTag = Tags.of(group, block);
            if (creator.equals(getString(creatorTag))) {
                return Tags.of(group, (block << 8) | (elementOffset & 0xFF));
            }
        }
        return -1;
    }

    /** Like {@link #privateTag} but reserves the first free block for the creator when it has none. */
    public int reservePrivateTag(String creator, int group, int elementOffset) {
        if ((group & 1) == 0 || group <= 0x0008) {
            throw new IllegalArgumentException("private groups are odd and above 0008: " + Integer.toHexString(group));
        }
        int existing = privateTag(creator, group, elementOffset);
        if (existing != -1) {
            return existing;
        }
        for (int block = 0x10; block <= 0xFF; block++) {
            int creatorTag = Tags.of(group, block);
            if (!contains(creatorTag)) {
                setString(creatorTag, VR.LO, creator);
                return Tags.of(group, (block << 8) | (elementOffset & 0xFF));
            }
        }
        throw new DicomException("no free private block in group " + Integer.toHexString(group));
    }

    // ---------------------------------------------------------------- text

    /** A line per element (nested items indented), for debugging; may contain patient data, so never log it. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendTo(out, "");
        return out.toString();
    }

    private void appendTo(StringBuilder out, String indent) {
        for (int i = 0; i < size; i++) {
            out.append(indent)
                    .append(Tags.toString(tags[i]))
                    .append(' ')
                    .append(vrs[i])
                    .append(' ');
            VR vr = vrs[i];
            switch (values[i]) {
                case Sequence seq -> {
                    out.append(seq.size()).append(" item(s)\n");
                    for (Attributes item : seq) {
                        out.append(indent).append("  (item)\n");
                        item.appendTo(out, indent + "    ");
                    }
                }
                case Fragments fragments -> out.append(fragments.size()).append(" fragment(s)\n");
                case BulkData bulk -> out.append("bulk ").append(bulk).append('\n');
                case byte[] bytes when vr.isBulk() -> out.append(bytes.length).append(" bytes\n");
                default ->
                    out.append('[').append(String.join("\\", stringsAt(i))).append("]\n");
            }
        }
    }
}
