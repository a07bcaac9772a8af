package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.PageRequest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets reach the terminal as printed and never the database, its streams or its exports. */
class RedactionTest {
    private static final String API_KEY = "sk-ant-api03-Q1w2E3r4T5y6U7i8O9p0AsDfGhJkL";
    private static final String GITHUB = "ghp_1234567890abcdefghijABCDEFGHIJ123456";
    /** Prints the key cut by colour codes, a GitHub token in an error, and a private key block. */
    private static final String SCRIPT = "printf 'key: sk-ant-\\033[31mapi03-Q1w2E3r4\\033[0mT5y6U7i8O9p0AsDfGhJkL\\n';"
            + " echo \"Error: push rejected for $GH\" >&2;"
            + " printf -- '-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----\\ndone\\n'";

    @TempDir
    Path dir;

    @Test
    void secretsAreRedactedInWhatIsStoredButNotOnTheTerminal() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of("ANTHROPIC_API_KEY", API_KEY, "GH", GITHUB), null,
                "run", "--quiet", "--db", db.toString(), "--agent", "leaky", "--session-id", "s1", "--", "sh", "-c",
                SCRIPT + "; echo " + GITHUB);
        assertThat(run.exitCode()).isZero();
        // The terminal is the user's own: it shows the real output, byte for byte.
        assertThat(run.stdout()).isEqualTo(("key: sk-ant-\033[31mapi03-Q1w2E3r4\033[0mT5y6U7i8O9p0AsDfGhJkL\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\ndone\n" + GITHUB
                + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(run.stderr()).isEqualTo("Error: push rejected for " + GITHUB + "\n");

        try (Database database = Database.open(db)) {
            List<OutputLine> lines = database.output().listLines("s1", 1, 100, null);
            // Lines of the two streams are in the order they were read, which the pipes decide.
            assertThat(lines).extracting(OutputLine::text).containsExactlyInAnyOrder(
                    "key: [REDACTED:env:ANTHROPIC_API_KEY]",
                    "Error: push rejected for [REDACTED:github-token]",
                    "[REDACTED:private-key]", "[REDACTED:private-key]", "[REDACTED:private-key]", "done",
                    "[REDACTED:github-token]");
            for (OutputLine line : lines) {
                String raw = new String(line.rawBytes(), StandardCharsets.UTF_8);
                assertThat(raw).doesNotContain("Q1w2E3r4").doesNotContain("MIIEow").doesNotContain("ghp_1234");
            }
            assertThat(database.sessions().get("s1").commandLine()).contains("[REDACTED:github-token]")
                    .doesNotContain(GITHUB);
            List<Extraction> events = database.extractions().list(ExtractionFilter.ALL.session("s1"),
                    PageRequest.first(100)).items();
            assertThat(events).isNotEmpty().allSatisfy(x -> assertThat(x.toString()).doesNotContain(GITHUB));
        }
        TestSupport.Result cast = TestSupport.tapedeck(dir, Map.of(), null, "export", "s1", "--db", db.toString(),
                "--format", "asciicast");
        // The header's title is the (redacted) command line, which holds this script's own pieces of
        // the key; the recorded events after it must hold nothing.
        String events = cast.out().substring(cast.out().indexOf('\n') + 1);
        assertThat(events).contains("[REDACTED:env:ANTHROPIC_API_KEY]").doesNotContain("Q1w2E3r4")
                .doesNotContain(GITHUB).doesNotContain("MIIEow");
        assertThat(cast.out()).doesNotContain(GITHUB);
        try (Served served = Served.start(dir, db)) {
            String metrics = served.get("/metrics").body();
            Map<String, Double> samples = MetricsTest.samples(metrics);
            assertThat(samples).containsEntry("tapedeck_redactions_total{agent=\"leaky\",kind=\"env\"}", 1.0)
                    .containsEntry("tapedeck_redactions_total{agent=\"leaky\",kind=\"github-token\"}", 2.0)
                    .containsEntry("tapedeck_redactions_total{agent=\"leaky\",kind=\"private-key\"}", 1.0);
        }
    }

    @Test
    void redactionsAreCountedWhileTheSessionRuns() throws Exception {
        Path db = dir.resolve("t.db");
        Path gate = dir.resolve("gate");
        // Kept for the failure message: this test failed once in CI with nothing to go on.
        Path stderr = dir.resolve("run.err");
        ProcessBuilder builder = new ProcessBuilder(TestSupport.javaBin(), "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--quiet", "--db", db.toString(), "--agent", "leaky",
                "--session-id", "live", "--", "sh", "-c",
                "echo $GH; while [ ! -e " + gate + " ]; do sleep 0.05; done; echo $GH")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
        builder.environment().put("GH", GITHUB);
        Process process = builder.start();
        try {
            assertThat(TestSupport.await(30, () -> githubRedactions(db) == 1))
                    .as(() -> "counted while running; the recorder's stderr: " + readQuietly(stderr)).isTrue();
            Files.createFile(gate);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        assertThat(githubRedactions(db)).as("the end adds only what was not counted yet").isEqualTo(2);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static long githubRedactions(Path db) {
        if (!Files.exists(db)) {
            return -1;
        }
        try (Database database = Database.open(db)) {
            return database.counters().listCounters().stream()
                    .filter(c -> c.metric().wireName().equals("redactions") && c.label().equals("github-token"))
                    .mapToLong(c -> c.value()).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * A token across the 64 KiB cut of a long line: each piece is redacted on its own, so the cut
     * used to leave two harmless halves in the database that replay put back together. The cut now
     * moves back to the space before the token.
     */
    @Test
    void aTokenAcrossTheCutOfALongLineIsRedactedWhole() throws Exception {
        Path db = dir.resolve("t.db");
        Path output = dir.resolve("long.txt");
        for (int before : new int[] {65_530, 65_500, 65_534}) {
            Files.writeString(output, "x".repeat(before) + " " + GITHUB + " tail\n");
            String session = "long-" + before;
            TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db",
                    db.toString(), "--session-id", session, "--", "cat", output.toString());
            assertThat(run.exitCode()).isZero();
            try (Database database = Database.open(db)) {
                List<OutputLine> lines = database.output().listLines(session, 1, 10, null);
                assertThat(lines).as("cut into pieces").hasSize(2);
                String text = String.join("", lines.stream().map(OutputLine::text).toList());
                assertThat(text).as("%d bytes before the token", before)
                        .isEqualTo("x".repeat(before) + " [REDACTED:github-token] tail");
            }
        }
        byte[] stored = Files.readAllBytes(db);
        Path wal = dir.resolve("t.db-wal");
        String all = new String(stored, StandardCharsets.ISO_8859_1)
                + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "");
        assertThat(all).doesNotContain("ghp_").doesNotContain("abcdefghijABCDEFGHIJ");
    }

    @Test
    void noRedactRecordsTheOutputAsPrinted() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of("GH", GITHUB), null, "run", "--quiet", "--no-redact",
                "--db", db.toString(), "--session-id", "plain", "--", "sh", "-c", "echo $GH");
        assertThat(run.exitCode()).isZero();
        try (Database database = Database.open(db)) {
            assertThat(database.output().listLines("plain", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly(GITHUB);
        }
    }

    @Test
    void redactEnvNamesAVariableWhoseNameDoesNotLookSecret() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of("DEPLOY_HOOK", "https-hook-1234567"), null, "run",
                "--quiet", "--redact-env", "DEPLOY_HOOK", "--db", db.toString(), "--session-id", "named", "--",
                "sh", "-c", "echo hook is $DEPLOY_HOOK");
        assertThat(run.exitCode()).isZero();
        try (Database database = Database.open(db)) {
            assertThat(database.output().listLines("named", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("hook is [REDACTED:env:DEPLOY_HOOK]");
        }
    }
}
