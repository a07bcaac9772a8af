package dev.tapedeck.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built CLI jar (or the launcher script) as a process and captures what it did. */
final class TestSupport {
    static final Path JAR = Path.of(System.getProperty("tapedeck.jar", "../api/target/tapedeck.jar"));
    static final Path ROOT = Path.of(System.getProperty("tapedeck.root", "..")).toAbsolutePath().normalize();

    private TestSupport() {
    }

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code java -jar tapedeck.jar args} with stdin from the given bytes (none when null). */
    static Result tapedeck(Path workDir, Map<String, String> env, byte[] stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(command, workDir, env, stdin);
    }

    static Result run(List<String> command, Path workDir, Map<String, String> env, byte[] stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".bin");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("TAPEDECK_DB");
        builder.environment().putAll(env);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin);
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    /** Polls condition until it holds or the deadline (in seconds) passes; true if it held. */
    static boolean await(int seconds, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /**
     * The daemon tests' database: session "done-1" (agent "demo") recorded by the real CLI running
     * script, which must exit 3, then the session "ticks" of {@link #writeTicks} from
     * 2026-11-01T10:00:00Z.
     */
    static void recordDoneAndTicks(Path dir, Path db, String script) throws Exception {
        Result run = tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(), "--agent", "demo",
                "--session-id", "done-1", "--", "sh", "-c", script);
        if (run.exitCode() != 3) {
            throw new AssertionError("recording done-1: got exit code " + run.exitCode() + ", want 3; stderr: "
                    + run.stderr());
        }
        try (dev.tapedeck.store.Database database = dev.tapedeck.store.Database.open(db)) {
            writeTicks(database, java.time.Instant.parse("2026-11-01T10:00:00Z"));
        }
    }

    /**
     * Session "ticks" (agent "ticker"): 500 lines 10 ms apart from t0, ended at t0 + 5.01 s; the
     * replay timing tests measure against it. Returns once it is committed.
     */
    static void writeTicks(dev.tapedeck.store.Database db, java.time.Instant t0) {
        db.writes().append(dev.tapedeck.store.NewSession.of("ticks", "ticker", t0));
        for (int i = 1; i <= 500; i++) {
            db.writes().append(dev.tapedeck.store.OutputLine.of("ticks", i, dev.tapedeck.store.Stream.STDOUT,
                    t0.plusMillis(10L * i), "tick " + i));
        }
        db.writes().append(new dev.tapedeck.store.SessionEnd("ticks", dev.tapedeck.store.SessionStatus.COMPLETED, 0,
                t0.plusMillis(5010), 0, null));
        db.flush();
    }

    static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** Starts the built CLI as a process in dir, stdin from /dev/null, without $TAPEDECK_DB. */
    static Process start(Path dir, String... args) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of(javaBin(), "-Xmx256m", "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("TAPEDECK_DB");
        return builder.start();
    }

    /** What a running process has printed so far, read by a thread of its own until the stream ends. */
    static final class Captured {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final Thread reader;

        Captured(java.io.InputStream in) {
            reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (java.io.IOException e) {
                    // The process is gone.
                }
            }, "captured-output");
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        /** Waits (bounded) until the stream has ended. */
        void join(long millis) throws InterruptedException {
            reader.join(millis);
        }
    }
}
