package health.isthmus.launcher.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Helpers for tests that start JVMs and wait for processes. */
public final class TestJvm {

    private TestJvm() {}

    public static Path codeSource(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The launcher's classes (its jar when Failsafe runs the tests) with the lib folder next to them. */
    public static JavaCommand launcherJava() {
        return JavaCommand.ofRunningJvm(codeSource(ChildProcess.class));
    }

    /** {@code java -cp <test classes>:<launcher classes>:<lib>/* <mainClass> <arguments>}. */
    public static List<String> command(String mainClass, String... arguments) {
        JavaCommand launcher = launcherJava();
        List<String> command = new ArrayList<>();
        command.add(launcher.javaExecutable().toString());
        command.add("-cp");
        command.add(codeSource(TestJvm.class) + File.pathSeparator + launcher.classpath());
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }

    /** Polls until the condition holds or the time is up; returns the condition's last value. */
    public static boolean eventually(BooleanSupplier condition, Duration timeout) {
        Instant giveUp = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** The processes this JVM started that are still running. */
    public static List<ProcessHandle> liveDescendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    /** Describes processes for assertion messages. */
    public static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(process ->
                        process.pid() + " " + process.info().commandLine().orElse("?"))
                .toList()
                .toString();
    }
}
