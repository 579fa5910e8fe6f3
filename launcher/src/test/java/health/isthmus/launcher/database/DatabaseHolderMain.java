package health.isthmus.launcher.database;

import java.nio.file.Path;
import java.time.Duration;

/** Runs an {@link EmbeddedDatabase} in a JVM of its own until killed: a stand-in for a launcher. */
public final class DatabaseHolderMain {

    private DatabaseHolderMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(
                Path.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]), Duration.ofSeconds(120));
        System.out.println("POSTMASTER " + database.postmasterPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
