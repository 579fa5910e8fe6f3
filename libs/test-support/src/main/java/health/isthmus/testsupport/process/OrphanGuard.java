package health.isthmus.testsupport.process;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of a child JVM that must not outlive the test JVM, even when the test JVM is killed: {@code
 * OrphanGuard <test jvm pid> <main class> [arguments]} runs the main class and halts the child as soon as the test
 * JVM is gone.
 */
public final class OrphanGuard {

    private OrphanGuard() {}

    public static void main(String[] args) throws Throwable {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent)
                .map(ProcessHandle::onExit)
                .ifPresentOrElse(
                        exit -> exit.thenRun(() -> Runtime.getRuntime().halt(3)),
                        () -> Runtime.getRuntime().halt(3));
        try {
            Class.forName(args[1]).getMethod("main", String[].class).invoke(null, (Object)
                    Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
