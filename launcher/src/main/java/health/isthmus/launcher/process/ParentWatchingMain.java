package health.isthmus.launcher.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs another main class and exits when a given parent process is gone, so that a child JVM does not outlive a
 * launcher that was killed with SIGKILL (which gives the launcher no chance to stop it).
 *
 * <p>Usage: {@code ParentWatchingMain <parent pid> <main class> [arguments...]}. The exit runs the JVM's shutdown
 * hooks, so Kafka still shuts down in order.
 */
public final class ParentWatchingMain {

    private static final long POLL_MILLIS = 1000;

    private ParentWatchingMain() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchingMain <parent pid> <main class> [arguments...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive);
        if (parent.isEmpty()) {
            System.err.println("parent process " + parentPid + " is not running; not starting " + args[1]);
            System.exit(1);
        }
        Thread watcher = new Thread(() -> watch(parent.get()), "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watch(ProcessHandle parent) {
        while (parent.isAlive()) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("parent process " + parent.pid() + " is gone; shutting down");
        System.exit(0);
    }
}
