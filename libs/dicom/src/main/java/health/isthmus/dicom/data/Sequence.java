package health.isthmus.dicom.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** The items of a sequence element (SQ); each item is a data set whose parent is the data set of the sequence. */
public final class Sequence extends AbstractList<Attributes> {

    private final Attributes parent;
    private final List<Attributes> items;

    Sequence(Attributes parent, int expectedSize) {
        this.parent = parent;
        this.items = new ArrayList<>(expectedSize);
    }

    /** The data set that holds this sequence. */
    public Attributes parent() {
        return parent;
    }

    /** Adds a new empty item and returns it. */
    public Attributes addItem() {
        Attributes item = new Attributes();
        add(item);
        return item;
    }

    @Override
    public boolean add(Attributes item) {
        item.setParent(parent);
        items.add(item);
        return true;
    }

    @Override
    public void add(int index, Attributes item) {
        item.setParent(parent);
        items.add(index, item);
    }

    @Override
    public Attributes set(int index, Attributes item) {
        item.setParent(parent);
        return items.set(index, item);
    }

    @Override
    public Attributes remove(int index) {
        return items.remove(index);
    }

    @Override
    public Attributes get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
