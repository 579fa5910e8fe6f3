package health.isthmus.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The platform as a user starts it: {@code ./run.sh} from the repository root, with its data in a folder
 * of the build. Waits for {@code READY}, stops it with SIGTERM as Ctrl-C would.
 */
final class StandaloneStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private final Path repository;
    private final Path dataDirectory;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private @Nullable Process process;
    private Duration startUpTime = Duration.ZERO;

    StandaloneStack(Path repository, Path dataDirectory) {
        this.repository = repository;
        this.dataDirectory = dataDirectory;
    }

    /** The stack of this build: repository root and data folder from the build's system properties. */
    static StandaloneStack ofThisBuild() {
        Path repository = Path.of(System.getProperty("isthmus.repository", ".."))
                .toAbsolutePath()
                .normalize();
        Path data = Path.of(System.getProperty("isthmus.system-tests.data", "target/stack-data"))
                .toAbsolutePath();
        return new StandaloneStack(repository, data);
    }

    /**
     * A stack of this build with a data folder of its own, emptied first, for a test whose fixed identifiers (the
     * shared samples') must not meet another test's data.
     */
    static StandaloneStack ofThisBuildWithFreshData(String name) throws IOException {
        StandaloneStack shared = ofThisBuild();
        Path data = shared.dataDirectory.resolveSibling(shared.dataDirectory.getFileName() + "-" + name);
        if (Files.exists(data)) {
            try (var paths = Files.walk(data)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return new StandaloneStack(shared.repository, data);
    }

    /** Starts it with these arguments of {@code ./run.sh} ({@code --demo}). */
    StandaloneStack withArguments(String... more) {
        arguments.addAll(List.of(more));
        return this;
    }

    /** Starts it with this environment variable set. */
    StandaloneStack withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts {@code ./run.sh} and returns once it printed {@code READY}. */
    void start() throws IOException, InterruptedException {
        Files.createDirectories(dataDirectory);
        Instant started = Instant.now();
        List<String> command = new ArrayList<>(List.of("bash", "run.sh"));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("ISTHMUS_DATA_DIR", dataDirectory.toString());
        Process running = builder.start();
        process = running;
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("stack-output").start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                    if (line.strip().equals("READY")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.complete(false);
        });
        boolean isReady;
        try {
            isReady = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            isReady = false;
        }
        if (!isReady) {
            String tail = String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
            close();
            throw new IllegalStateException("the stack did not print READY; last output:\n" + tail);
        }
        startUpTime = Duration.between(started, Instant.now());
    }

    /** The data folder the stack keeps its state in ({@code ISTHMUS_DATA_DIR}). */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether {@code ./run.sh} was started and has not ended. */
    boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** How long {@code ./run.sh} took to print READY. */
    Duration startUpTime() {
        return startUpTime;
    }

    /** The processes of the stack: run.sh's process and everything it started. */
    List<ProcessHandle> processes() {
        Process running = process;
        if (running == null) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(running.toHandle());
        running.descendants().forEach(all::add);
        return all;
    }

    /** The first line printed (so far or within the timeout) that matches, if any. */
    java.util.Optional<String> awaitLine(java.util.function.Predicate<String> matches, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        do {
            java.util.Optional<String> line = output.stream().filter(matches).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        return java.util.Optional.empty();
    }

    /** What the stack printed so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    /** Sends SIGTERM, as Ctrl-C would, and waits for the stack to stop. */
    @Override
    public void close() throws InterruptedException {
        Process running = process;
        if (running == null) {
            return;
        }
        List<ProcessHandle> started = processes();
        running.destroy();
        if (!running.waitFor(90, TimeUnit.SECONDS)) {
            started.forEach(ProcessHandle::destroyForcibly);
        }
        for (ProcessHandle handle : started) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }
}
