package health.isthmus.launcher.service;

import health.isthmus.launcher.process.ChildProcess;
import health.isthmus.launcher.process.JavaCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service running in a JVM of its own from its Spring Boot jar, with the standalone profile. */
public final class ServiceProcess {

    static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-XX:+UseSerialGC", "-Xss512k", "-XX:MaxMetaspaceSize=192m");

    /** Services off the protocol path stop at C1: quicker start and less memory, lower peak throughput. */
    static final String QUICK_START_JIT = "-XX:TieredStopAtLevel=1";

    static final String PROFILE_ARGUMENT = "--spring.profiles.active=standalone";

    private final ServiceDefinition definition;
    private final int port;
    private final ChildProcess process;

    private ServiceProcess(ServiceDefinition definition, int port, ChildProcess process) {
        this.definition = definition;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the service.
     *
     * @param extraJvmOptions appended after the defaults, so they win (for example a larger
     *     {@code -XX:MaxMetaspaceSize})
     * @param environment added to the launcher's own environment
     */
    public static ServiceProcess start(
            ServiceDefinition definition,
            int port,
            Path jar,
            JavaCommand java,
            List<String> extraJvmOptions,
            Map<String, String> environment,
            Path logFile)
            throws IOException {
        List<String> command = java.jar(jvmOptions(definition, extraJvmOptions), jar, List.of(PROFILE_ARGUMENT));
        return new ServiceProcess(
                definition, port, ChildProcess.start(definition.name(), command, environment, logFile));
    }

    static List<String> jvmOptions(ServiceDefinition definition, List<String> extraJvmOptions) {
        List<String> options = new ArrayList<>();
        options.add(JVM_OPTIONS.getFirst());
        options.add("-Xmx" + definition.heapMegabytes() + "m");
        options.addAll(JVM_OPTIONS.subList(1, JVM_OPTIONS.size()));
        if (!definition.protocolPath()) {
            options.add(QUICK_START_JIT);
        }
        options.addAll(extraJvmOptions);
        return options;
    }

    public String name() {
        return definition.name();
    }

    public ServiceDefinition definition() {
        return definition;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void stop(Duration grace) {
        process.stop(grace);
    }
}
