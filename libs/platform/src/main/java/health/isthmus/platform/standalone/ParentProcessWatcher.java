package health.isthmus.platform.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In standalone mode the launcher passes its pid in {@code ISTHMUS_PARENT_PID}; when that process is
 * gone (even killed with SIGKILL), this application shuts down instead of lingering.
 *
 * <p>Registered in {@code META-INF/spring.factories}, so it also runs in the gateway and the auth-server,
 * which take only this class from the platform.
 */
public final class ParentProcessWatcher implements ApplicationListener<ApplicationReadyEvent> {

    /** The environment variable naming the launcher's pid. */
    public static final String PARENT_PID = "ISTHMUS_PARENT_PID";

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatcher.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String pid = event.getApplicationContext().getEnvironment().getProperty(PARENT_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parentPid = Long.parseLong(pid.trim());
        ConfigurableApplicationContext context = event.getApplicationContext();
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> stop(context, parentPid)),
                        () -> stop(context, parentPid));
    }

    private static void stop(ConfigurableApplicationContext context, long parentPid) {
        log.warn("launcher process {} is gone; shutting down", parentPid);
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
