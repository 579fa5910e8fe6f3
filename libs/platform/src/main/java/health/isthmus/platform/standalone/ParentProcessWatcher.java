package health.isthmus.platform.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In standalone mode the launcher passes its pid in {@code ISTHMUS_PARENT_PID}; when that process is
 * gone (even killed with SIGKILL), this service shuts down instead of lingering.
 */
public final class ParentProcessWatcher implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatcher.class);

    private final long parentPid;

    public ParentProcessWatcher(long parentPid) {
        this.parentPid = parentPid;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(parent -> parent.onExit().thenRun(() -> stop(context)), () -> stop(context));
    }

    private void stop(ConfigurableApplicationContext context) {
        log.warn("launcher process {} is gone; shutting down", parentPid);
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
