package health.isthmus.dicom.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The items of encapsulated pixel data (PS3.5 A.4): the Basic Offset Table first, then the compressed fragments,
 * each held as {@code byte[]} or as a {@link BulkData} reference into the source.
 */
public final class Fragments extends AbstractList<Object> {

    private final VR vr;
    private final List<Object> items = new ArrayList<>();

    /** Empty, of the VR the element was encoded with (OB for pixel data). */
    public Fragments(VR vr) {
        this.vr = vr;
    }

    /** The VR of the element. */
    public VR vr() {
        return vr;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean add(Object item) {
        if (!(item instanceof byte[]) && !(item instanceof BulkData)) {
            throw new IllegalArgumentException("a fragment is byte[] or BulkData, not " + item.getClass());
        }
        items.add(item);
        return true;
    }

    /** The fragment at an index as bytes, or throws when it is held as a reference. */
    public byte[] bytes(int index) {
        if (items.get(index) instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalStateException("fragment " + index + " is a bulk data reference, not bytes");
    }

    /** The length in bytes of the fragment at an index. */
    public long length(int index) {
        return switch (items.get(index)) {
            case byte[] bytes -> bytes.length;
            case BulkData bulk -> bulk.length();
            default -> throw new IllegalStateException();
        };
    }
}
