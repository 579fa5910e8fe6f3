package health.isthmus.systemtests;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the classes on the {@link SharedStack} first (by name), then those that start a stack of their own (by name),
 * so the shared stack starts once and is stopped once before the first stack of their own, which needs its ports.
 */
public final class SharedStackFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparing((org.junit.jupiter.api.ClassDescriptor descriptor) ->
                                !onSharedStack(descriptor.getTestClass()))
                        .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    private static boolean onSharedStack(Class<?> testClass) {
        ExtendWith extensions = testClass.getAnnotation(ExtendWith.class);
        if (extensions == null) {
            return false;
        }
        for (Class<?> extension : extensions.value()) {
            if (extension == SharedStack.class) {
                return true;
            }
        }
        return false;
    }
}
