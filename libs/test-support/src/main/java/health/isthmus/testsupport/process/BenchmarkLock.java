package health.isthmus.testsupport.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The machine's benchmark lock ({@code flock /tmp/isthmus-bench.lock}): held while a benchmark measures, so two
 * benchmarks never measure at the same time. Builds and loading run outside it.
 */
public final class BenchmarkLock implements AutoCloseable {

    private final Process holder;

    private BenchmarkLock(Process holder) {
        this.holder = holder;
    }

    /** Waits for the lock and holds it until {@link #close()}. */
    public static BenchmarkLock take() throws IOException {
        Process holder = new ProcessBuilder(
                        "flock", "/tmp/isthmus-bench.lock", "sh", "-c", "echo locked; exec cat > /dev/null")
                .start();
        String line =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(line)) {
            holder.destroyForcibly();
            throw new IllegalStateException("could not take the benchmark lock");
        }
        return new BenchmarkLock(holder);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        holder.getOutputStream().close();
        try {
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            holder.destroyForcibly();
        }
    }
}
