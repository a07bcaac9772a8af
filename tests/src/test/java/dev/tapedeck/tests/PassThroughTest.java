package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the child prints reaches us unchanged and at once, whatever it is and however large. */
class PassThroughTest {
    @TempDir
    Path dir;

    @Test
    void nulBytesInvalidUtf8AndControlSequencesPassThroughByteForByte() throws Exception {
        Path bytes = dir.resolve("bytes.bin");
        byte[] payload = {'a', 0, 'b', (byte) 0xff, (byte) 0xfe, '\n', 0x1b, '[', '2', 'K', '\r', 'x', (byte) 0xe2,
            (byte) 0x82, '\n', (byte) 0xac, 'z'};
        Files.write(bytes, payload);
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--session-id", "raw", "--", "cat", bytes.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(payload);
        try (Database db = Database.open(dir.resolve("t.db"))) {
            List<OutputLine> lines = db.output().listLines("raw", 1, 10, null);
            assertThat(lines).extracting(OutputLine::text).containsExactly("ab\uFFFD\uFFFD", "x\uFFFD", "\uFFFDz");
            ByteArrayOutputStream replayed = new ByteArrayOutputStream();
            for (OutputLine line : lines) {
                replayed.writeBytes(line.rawBytes());
            }
            assertThat(replayed.toByteArray()).as("raw bytes kept for replay").isEqualTo(payload);
        }
    }

    /**
     * A DCS sequence (a sixel image, say) far longer than the 64 KiB line limit: the line is cut into
     * pieces, and none of the payload may reach the clean text of any piece, nor an event; the raw
     * bytes still give back what was printed. The payload used to be the text of every piece after
     * the first.
     */
    @Test
    void anEscapePayloadLongerThanTheLineLimitStaysOutOfTheText() throws Exception {
        byte[] payload = ("before\u001bP0;1q" + "error: payload ".repeat(10_000) + "\u001b\\after\n"
                + "\u001b]0;" + "Exception: in title ".repeat(5_000) + "\u0007shown\n").getBytes(StandardCharsets.UTF_8);
        Path bytes = dir.resolve("dcs.bin");
        Files.write(bytes, payload);
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--session-id", "dcs", "--", "cat", bytes.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(payload);
        try (Database db = Database.open(dir.resolve("t.db"))) {
            List<OutputLine> lines = db.output().listLines("dcs", 1, 100, null);
            assertThat(lines).hasSizeGreaterThan(2);
            assertThat(String.join("", lines.stream().map(OutputLine::text).toList())).isEqualTo("beforeaftershown");
            assertThat(db.extractions().list(ExtractionFilter.ALL.session("dcs"), PageRequest.first(10)).items())
                    .as("events found in an escape payload").isEmpty();
            ByteArrayOutputStream replayed = new ByteArrayOutputStream();
            for (OutputLine line : lines) {
                replayed.writeBytes(line.rawBytes());
            }
            assertThat(replayed.toByteArray()).as("raw bytes kept for replay").isEqualTo(payload);
        }
    }

    /**
     * Random binary, including escape sequences cut anywhere: passed through byte for byte, and the
     * recorded raw bytes (redaction off: random bytes may look like anything) put back together
     * give exactly what was printed, through replay.
     */
    @Test
    void randomBinaryIsPassedThroughAndRecordedByteForByte() throws Exception {
        byte[] payload = new byte[4 << 20];
        new java.util.Random(6).nextBytes(payload);
        Path bytes = dir.resolve("random.bin");
        Files.write(bytes, payload);
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--no-redact", "--session-id", "random", "--", "cat", bytes.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(payload);
        TestSupport.Result replay = TestSupport.tapedeck(dir, Map.of(), null, "replay", "random", "--db",
                dir.resolve("t.db").toString(), "--speed", "100", "--max-gap", "0.001");
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.stdout()).as("the recording, played back").isEqualTo(payload);
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertThat(db.sessions().get("random").totals().droppedLines()).isZero();
        }
    }

    /**
     * A child printing a million lines as fast as awk can (several million a second, far above what
     * can be recorded): passed through byte for byte, and every line recorded or counted as dropped.
     */
    @Test
    void aMillionLinesAtFullSpeedArePassedThroughAndAccountedFor() throws Exception {
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--session-id", "flood", "--", "awk",
                "BEGIN { for (i = 1; i <= 1000000; i++) print \"flood line \" i }");
        assertThat(run.exitCode()).isZero();
        java.security.MessageDigest want = java.security.MessageDigest.getInstance("SHA-256");
        for (int i = 1; i <= 1_000_000; i++) {
            want.update(("flood line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(java.security.MessageDigest.getInstance("SHA-256").digest(run.stdout())).isEqualTo(want.digest());
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Session session = db.sessions().get("flood");
            assertThat(session.totals().lines() + session.totals().droppedLines()).isEqualTo(1_000_000);
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
        }
    }

    @Test
    void aPromptWithoutNewlineReachesUsWhileTheChildIsStillRunning() throws Exception {
        Process process = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--db", dir.resolve("t.db").toString(), "--quiet",
                "--", "sh", "-c", "printf 'continue? '; sleep 30")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream out = process.getInputStream()) {
            byte[] prompt = out.readNBytes("continue? ".length());
            assertThat(new String(prompt, StandardCharsets.UTF_8)).isEqualTo("continue? ");
            assertThat(process.isAlive()).as("child still running when the prompt arrived").isTrue();
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void linesAreQueryableWhileTheChildRunsAndTheWholeSessionAfterwards() throws Exception {
        Path db = dir.resolve("live.db");
        Path go = dir.resolve("go");
        Process process = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--db", db.toString(), "--quiet",
                "--session-id", "live", "--", "sh", "-c",
                "echo 'Error: first'; while [ ! -e " + go + " ]; do sleep 0.05; done; echo last")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitFirstLineThenFinish(process, db, go);
        } finally {
            process.destroyForcibly();
        }
    }

    private void awaitFirstLineThenFinish(Process process, Path db, Path go) throws Exception {
        boolean visible = TestSupport.await(30, () -> {
            if (!Files.exists(db)) {
                return false;
            }
            try (Database reader = Database.open(db)) {
                return reader.output().listLines("live", 1, 10, null).size() == 1
                        && reader.sessions().get("live").totals().extractionEvents() == 1;
            } catch (RuntimeException e) {
                return false;
            }
        });
        assertThat(visible).as("first line and its event visible while the child runs").isTrue();
        assertThat(process.isAlive()).isTrue();
        Files.createFile(go);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (Database reader = Database.open(db)) {
            Session session = reader.sessions().get("live");
            assertThat(session.totals().lines()).isEqualTo(2);
            assertThat(session.exitCode()).isZero();
        }
    }

    /** The bound: one line of 1 GiB, through a 64 MiB heap, passed through and recorded whole. */
    @Test
    void oneLineOf1GiBIsPassedThroughAndRecordedInPiecesUnderA64MiBHeap() throws Exception {
        long size = 1L << 30;
        Process process = new ProcessBuilder(TestSupport.javaBin(), "-Xmx64m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--db", dir.resolve("big.db").toString(), "--quiet",
                "--session-id", "big", "--", "sh", "-c", "head -c " + size + " /dev/zero | tr '\\0' a")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long[] passed = new long[1];
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            try (var in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    passed[0] += n;
                }
            } catch (java.io.IOException e) {
                passed[0] = -1;
            }
        }, "stdout-counter");
        reader.start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(process.exitValue()).isZero();
        assertThat(passed[0]).isEqualTo(size);
        try (Database db = Database.open(dir.resolve("big.db"))) {
            Session session = db.sessions().get("big");
            long pieces = size / (64 * 1024);
            // Recording may give way; what it drops is counted in the pieces it would have recorded.
            // Each gap ends the piece in progress early and starts a new one after it, so with gaps
            // there are a few more (shorter) pieces than size / 64 KiB.
            assertThat(session.totals().lines()).isPositive();
            assertThat(session.totals().outputBytes()).isPositive().isLessThanOrEqualTo(size);
            assertThat(session.totals().lines() + session.totals().droppedLines()).isBetween(pieces,
                    pieces + pieces / 10);
            List<OutputLine> first = db.output().listLines("big", 1, 2, null);
            assertThat(first.get(0).split()).isTrue();
            assertThat(first.get(0).text()).hasSize(64 * 1024);
        }
    }
}
