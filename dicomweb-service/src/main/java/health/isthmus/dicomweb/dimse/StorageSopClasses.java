package health.isthmus.dicomweb.dimse;

import health.isthmus.dicom.dictionary.Uid;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage SOP classes of the standard (every SOP class of the dictionary named "... Storage"), which the archive
 * accepts over C-STORE; the configuration can add private ones.
 */
final class StorageSopClasses {

    private StorageSopClasses() {}

    static List<String> standard() {
        List<String> uids = new ArrayList<>();
        for (Field field : Uid.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class
                    && field.getName().endsWith("Storage")) {
                try {
                    String uid = (String) field.get(null);
                    if ("SOP Class".equals(Uid.typeOf(uid))) {
                        uids.add(uid);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("public constant unreadable: " + field.getName(), e);
                }
            }
        }
        return List.copyOf(uids);
    }
}
