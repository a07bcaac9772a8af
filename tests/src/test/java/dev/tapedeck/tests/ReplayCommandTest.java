package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tapedeck replay}: the recorded bytes, back on the streams they came from, with keys. */
class ReplayCommandTest {
    private static final String SCRIPT = "printf '\\033[31mred\\033[0m\\n'; printf 'progress\\r50%%\\r100%%\\n';"
            + " echo oops >&2; printf 'caf\\303\\251 \\377\\n'; sleep 0.3; printf 'prompt> '";

    @TempDir
    Path dir;

    private String record(String id, String script) throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", db(), "--quiet", "--session-id", id,
                "--", "sh", "-c", script);
        assertThat(run.exitCode()).isZero();
        return run.out();
    }

    private String db() {
        return dir.resolve("t.db").toString();
    }

    @Test
    void replaysTheRecordedBytesToTheStreamsTheyCameFrom() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", db(), "--quiet", "--session-id", "s1",
                "--", "sh", "-c", SCRIPT);
        TestSupport.Result replay = tapedeck(dir, Map.of(), null, "replay", "s1", "--db", db(), "--speed", "100",
                "--max-gap", "0.01");
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.stdout()).isEqualTo(run.stdout());
        assertThat(replay.stderr()).isEqualTo("oops\n");
    }

    @Test
    void fromStartsAtTheLineOrOffsetGiven() throws Exception {
        record("s2", "echo one; echo two; echo three");
        TestSupport.Result fromLine = tapedeck(dir, Map.of(), null, "replay", "s2", "--db", db(), "--from", "line:2");
        assertThat(fromLine.out()).isEqualTo("two\nthree\n");
        TestSupport.Result fromStart = tapedeck(dir, Map.of(), null, "replay", "s2", "--db", db(), "--from", "0");
        assertThat(fromStart.out()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void badOptionsAndUnknownSessionsAreOneLineErrors() throws Exception {
        record("s3", "echo hi");
        TestSupport.Result speed = tapedeck(dir, Map.of(), null, "replay", "s3", "--db", db(), "--speed", "0");
        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.stderr()).isEqualTo("tapedeck: --speed must be in (0, 100], got 0.0\n");
        TestSupport.Result gap = tapedeck(dir, Map.of(), null, "replay", "s3", "--db", db(), "--max-gap", "-1");
        assertThat(gap.exitCode()).isEqualTo(2);
        assertThat(gap.stderr()).isEqualTo("tapedeck: --max-gap must be in (0, 86400] seconds, got -1.0\n");
        TestSupport.Result from = tapedeck(dir, Map.of(), null, "replay", "s3", "--db", db(), "--from", "line:0");
        assertThat(from.exitCode()).isEqualTo(2);
        assertThat(from.stderr()).startsWith("tapedeck: --from must be seconds into the session");
        TestSupport.Result unknown = tapedeck(dir, Map.of(), null, "replay", "nope", "--db", db());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("tapedeck: no session 'nope' in " + db() + "\n");
    }

    /** In a terminal (util-linux {@code script} gives it one), q quits midway and the terminal is restored. */
    @Test
    void inATerminalQQuitsAndRestoresTheTerminalSettings() throws Exception {
        record("s4", "echo first; sleep 0.3; echo second");
        // At speed 0.01 the 0.3 s gap lasts 30 s: "second" can only show if q failed.
        String inner = "stty -g; " + TestSupport.javaBin() + " -jar " + TestSupport.JAR.toAbsolutePath()
                + " replay s4 --db " + db() + " --speed 0.01; echo exit=$?; stty -g";
        Process process = new ProcessBuilder("script", "-qfec", inner, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).start();
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> copy(process.getInputStream(), seen), "script-output");
        reader.start();
        try (OutputStream keys = process.getOutputStream()) {
            assertThat(TestSupport.await(30, () -> seen.indexOf("first") >= 0)).as("saw: %s", seen).isTrue();
            keys.write('q');
            keys.flush();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after q, saw: %s", seen).isTrue();
        } finally {
            process.destroyForcibly();
        }
        reader.join(5_000);
        String[] lines = seen.toString().split("\r\n");
        assertThat(seen.toString()).contains("space pauses").contains("exit=0").doesNotContain("second");
        assertThat(lines[lines.length - 1]).as("stty -g after").isEqualTo(lines[0]);
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }
}
