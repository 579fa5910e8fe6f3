package health.isthmus.systemtests;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack of this build shared by every test class that needs it as {@code ./run.sh} starts it, without
 * arguments or environment of its own: started before the first such class, stopped with SIGTERM after the last
 * test of the run. Each stack takes one to two minutes to print READY, so one start instead of one per class keeps
 * the test command's time down; the classes already shared one data folder, so they see each other's data either
 * way and use identifiers of their own.
 *
 * <p>Use it with {@code @ExtendWith(SharedStack.class)} on the class and {@link #stack()} in its tests.
 */
final class SharedStack implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(SharedStack.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    private static @Nullable StandaloneStack stack;
    private static @Nullable IllegalStateException failedToStart;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Running running = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        if (!running.started().isRunning()) {
            // a class with a stack of its own ran in between (SharedStackFirst keeps that from happening)
            running.started().start();
            stack = running.started();
        }
    }

    /**
     * Stops the shared stack, if it runs, for a class that starts a stack of its own on the same ports; a later
     * class that needs the shared one starts it again.
     */
    static void stopForAStackOfItsOwn() throws InterruptedException {
        StandaloneStack running = stack;
        if (running != null && running.isRunning()) {
            running.close();
        }
    }

    /** The shared stack, running (a class that stops and starts it again, as a restart test does, leaves it running). */
    static StandaloneStack stack() {
        StandaloneStack running = stack;
        if (running == null) {
            throw new IllegalStateException("the class needs @ExtendWith(SharedStack.class)");
        }
        return running;
    }

    /** Stops the stack when JUnit closes the run's root store, after the last test. */
    private record Running(StandaloneStack started) implements AutoCloseable {

        /** Starts it; after a failed start, the next classes fail at once instead of waiting for READY again. */
        static Running start() {
            if (failedToStart != null) {
                throw failedToStart;
            }
            StandaloneStack starting = StandaloneStack.ofThisBuild();
            try {
                starting.start();
            } catch (Exception e) {
                failedToStart = new IllegalStateException("the shared stack did not start", e);
                throw failedToStart;
            }
            log.info("FIGURE start-up to READY: {} s", starting.startUpTime().toMillis() / 1000.0);
            stack = starting;
            return new Running(starting);
        }

        @Override
        public void close() throws InterruptedException {
            stack = null;
            started.close();
        }
    }
}
