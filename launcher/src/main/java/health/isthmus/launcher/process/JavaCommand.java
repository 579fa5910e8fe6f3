package health.isthmus.launcher.process;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds {@code java} command lines for child JVMs from the launcher's own Java executable and class path.
 *
 * @param javaExecutable the {@code java} binary of the JDK that runs the launcher
 * @param launcherClasses the launcher's jar (or classes folder when run from a build)
 * @param libDirectory the folder holding the launcher's runtime dependencies
 */
public record JavaCommand(Path javaExecutable, Path launcherClasses, Path libDirectory) {

    /** The {@code java} of the running JVM and the class path entries next to the given code source. */
    public static JavaCommand ofRunningJvm(Path launcherClasses) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new JavaCommand(
                java, launcherClasses, launcherClasses.toAbsolutePath().resolveSibling("lib"));
    }

    /** The class path for {@code -cp}: the launcher's classes, then every jar of the lib folder. */
    public String classpath() {
        return List.of(launcherClasses.toString(), libDirectory.resolve("*").toString()).stream()
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code java <options> -cp <classpath> <mainClass> <arguments>}. */
    public List<String> mainClass(List<String> jvmOptions, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** {@code java <options> -jar <jar> <arguments>}. */
    public List<String> jar(List<String> jvmOptions, Path jar, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        return command;
    }
}
