package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile output recorded by the built CLI: secrets that a redraw, a window title or a hyperlink
 * hides from the clean text, JSON-escaped and base64 secrets, and formats redaction once missed.
 * Every channel data leaves by is searched for every secret in its plain, JSON-escaped and base64
 * forms: the database file and its WAL (read while the run is still going, before any checkpoint),
 * each export, {@code tapedeck replay}, the daemon's lines, events, search, SSE streams, replay,
 * exports and metrics.
 */
class SecretChannelsTest {
    private static final String ENV_SECRET = "SuperSecretValue123";
    private static final String JSON_SECRET = "abc/def+ghi&jkl123";
    /** The secrets as a parser or a reader would see them. */
    private static final List<String> SECRETS = List.of(ENV_SECRET, JSON_SECRET,
            "ghp_R2d2C3poL1ke5tarWars0000000000000abc", "ghp_TitleTokenInOSC00000000000000000abc",
            "ghp_U234567890abcdefghijABCDEFGHIJ123456", "hunter2pass", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "p@ssw0rdAt", "Zm9vYmFyLWJhei1xdXV4LTEyMzQ1Njc4",
            "ghp_C0dexAggregatedOutput000000000000abc");
    /** Not secrets: they must arrive as printed. */
    private static final List<String> LOOK_ALIKES = List.of("356a192b7913b04c54574d18c28d46e6395428ab",
            "123e4567-e89b-12d3-a456-426614174000",
            "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
    private static final String FIRST_PART = "end of the first part";
    private static final String LAST_LINE = "end of hostile output";
    private static final String SCRIPT = String.join("\n",
            "printf 'x ghp_R2d2C3poL1ke5tarWars0000000000000abc\\r\\033[2KPROMPT> \\n'",
            "printf '\\033]0;ghp_TitleTokenInOSC00000000000000000abc\\007t\\n'",
            "printf 'SuperSecretValue123\\rXXXXXXXXXXXXXXXXXXXXX\\n'",
            "printf 'Super\\033[1mSecret\\033[0mValue123\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\bgone\\n'",
            "printf '\\033]8;;https://:hunter2pass@host/x\\033\\\\link\\033]8;;\\033\\\\\\n'",
            "echo '" + FIRST_PART + "'",
            "while [ ! -e gate ]; do sleep 0.05; done",
            "printf '%s\\n' '{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
                    + "\"name\":\"Bash\",\"input\":{\"command\":\"curl -u abc\\/def+ghi\\u0026jkl123 x;"
                    + " echo ghp_\\u0055234567890abcdefghijABCDEFGHIJ123456\"}}]}}'",
            "printf '%s\\n' '{\"level\":\"error\",\"msg\":\"auth failed for abc\\/def+ghi\\u0026jkl123\"}'",
            // Tool output inside an agent's JSON line, read as lines of its own: a Codex command's output.
            "printf '%s\\n' '{\"type\":\"item.completed\",\"item\":{\"id\":\"item_9\",\"type\":\"command_execution\","
                    + "\"command\":\"bash -lc env\",\"aggregated_output\":\"error: bad credentials"
                    + " ghp_C0dexAggregatedOutput000000000000abc\\nJSON_API_KEY=abc\\/def+ghi\\u0026jkl123\\n\","
                    + "\"exit_code\":1,\"status\":\"failed\"}}'",
            "printf '\\033[31merror: token abc\\\\/def+ghi\\\\u0026jkl123 refused\\033[0m\\n'",
            "echo \"Authorization: Basic $(printf 'user:SuperSecretValue123' | base64)\"",
            "echo \"blob $(printf 'SuperSecretValue123' | base64 | tr '+/' '-_')\"",
            "echo 'maps key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW in config'",
            "echo 'error: aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' >&2",
            "echo 'connect redis://:p@ssw0rdAt@cache:6379/0 failed'",
            "echo 'FOO_TOKEN=Zm9vYmFyLWJhei1xdXV4LTEyMzQ1Njc4'",
            "echo 'commit 356a192b7913b04c54574d18c28d46e6395428ab id 123e4567-e89b-12d3-a456-426614174000'",
            "echo 'image sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'",
            "echo '" + LAST_LINE + "'",
            "while [ ! -e gate2 ]; do sleep 0.05; done", "");

    @TempDir
    Path dir;

    @Test
    void noSecretLeavesByAnyChannelInAnyForm() throws Exception {
        Path db = dir.resolve("r.db");
        Path wal = dir.resolve("r.db-wal");
        Files.writeString(dir.resolve("hostile.sh"), SCRIPT);
        ProcessBuilder builder = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--quiet", "--db", db.toString(), "--agent", "hostile",
                "--session-id", "s1", "--", "sh", "hostile.sh")
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("terminal.out").toFile()).redirectError(dir.resolve("terminal.err").toFile());
        builder.environment().remove("TAPEDECK_DB");
        builder.environment().putAll(Map.of("MY_API_KEY", ENV_SECRET, "JSON_API_KEY", JSON_SECRET,
                "FOO_TOKEN", "foobar-baz-quux-12345678"));
        Process run = builder.start();
        Map<String, byte[]> channels = new LinkedHashMap<>();
        try (Served served = startWhenRecording(run, db, wal)) {
            // Live: the events of every session from now on, and this session's stream to its end.
            Collected events = new Collected(served.stream("/api/stream/events", null));
            Collected session = new Collected(served.stream("/api/stream/session/s1", null));
            Files.createFile(dir.resolve("gate"));
            assertThat(TestSupport.await(60, () -> contains(wal, LAST_LINE))).as("last line in the WAL").isTrue();
            assertNoSecret("WAL during the run, events included", Files.readAllBytes(wal));
            assertThat(TestSupport.await(30, () -> events.text().contains("auth failed for [REDACTED:env:JSON_API_KEY]")
                    && events.text().contains("curl -u [REDACTED:env:JSON_API_KEY] x; echo [REDACTED:github-token]")
                    && events.text().contains("bad credentials [REDACTED:github-token]")))
                    .as("live events: %s", events.text()).isTrue();
            Files.createFile(dir.resolve("gate2"));
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).isZero();
            assertThat(session.awaitEnd()).as("live session stream ended").isTrue();
            channels.put("SSE live events", bytes(events.closeAndText()));
            channels.put("SSE live session stream", bytes(session.closeAndText()));
            servedChannels(served, channels);
        } finally {
            run.destroyForcibly();
        }
        // The terminal is the user's own: the secrets reached it as printed.
        assertThat(Files.readString(dir.resolve("terminal.out"))).contains(ENV_SECRET, "hunter2pass");
        byte[] file = Files.readAllBytes(db);
        assertNoSecret("database file", file);
        String text = new String(file, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("ghp_").doesNotContain("SuperSecret").contains(LOOK_ALIKES);

        for (String format : List.of("asciicast", "ndjson", "csv", "har")) {
            TestSupport.Result export = TestSupport.tapedeck(dir, Map.of(), null, "export", "s1", "--db", db.toString(),
                    "--format", format);
            assertThat(export.exitCode()).as(format).isZero();
            channels.put("export " + format, export.stdout());
        }
        TestSupport.Result replay = TestSupport.tapedeck(dir, Map.of(), null, "replay", "s1", "--db", db.toString(),
                "--speed", "100", "--max-gap", "0.01");
        assertThat(replay.exitCode()).isZero();
        channels.put("replay stdout", replay.stdout());
        channels.put("replay stderr", replay.stderr().getBytes(StandardCharsets.UTF_8));
        // The redraw is replayed, with the token it wiped out redacted.
        assertThat(replay.out()).contains("x [REDACTED:github-token]\r\033[2KPROMPT> \n",
                "\033]0;[REDACTED:github-token]\007t\n", "[REDACTED:env:MY_API_KEY]\rXXXXXXXXXXXXXXXXXXXXX\n",
                "\033]8;;https://:[REDACTED:url-password]@host/x\033\\link");

        channels.put("database file after indexing", Files.readAllBytes(db));
        if (Files.exists(wal)) {
            channels.put("WAL after indexing", Files.readAllBytes(wal));
        }
        channels.forEach(SecretChannelsTest::assertNoSecret);
    }

    @Test
    void theCommandLineIsStoredWithItsEscapedSecretsRedacted() throws Exception {
        Path db = dir.resolve("c.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of("JSON_API_KEY", JSON_SECRET), null, "run", "--quiet",
                "--db", db.toString(), "--session-id", "c1", "--", "echo", "{\"k\":\"abc\\/def+ghi\\u0026jkl123\"}",
                "ghp_\\u0055234567890abcdefghijABCDEFGHIJ123456", "{\"h\":\"Authorization: Bearer abcdefgh12\\/xyzRest\"}");
        assertThat(run.exitCode()).isZero();
        try (dev.tapedeck.store.Database database = dev.tapedeck.store.Database.open(db)) {
            assertThat(database.sessions().get("c1").commandLine())
                    .isEqualTo("echo '{\"k\":\"[REDACTED:env:JSON_API_KEY]\"}' '[REDACTED:github-token]'"
                            + " '{\"h\":\"Authorization: Bearer [REDACTED:bearer-token]\"}'");
        }
        assertNoSecret("database file", Files.readAllBytes(db));
    }

    @Test
    void theAgentNameAndTheWorkingDirectoryAreStoredWithTheirSecretsRedacted() throws Exception {
        Path db = dir.resolve("a.db");
        Path folder = Files.createDirectories(dir.resolve("work-" + ENV_SECRET));
        TestSupport.Result run = TestSupport.tapedeck(folder, Map.of("MY_API_KEY", ENV_SECRET), null, "run", "--quiet",
                "--db", db.toString(), "--session-id", "a1", "--agent", "bot-ghp_R2d2C3poL1ke5tarWars0000000000000abc",
                "--", "sh", "-c", "echo 'error: failed'");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        try (dev.tapedeck.store.Database database = dev.tapedeck.store.Database.open(db)) {
            dev.tapedeck.store.Session session = database.sessions().get("a1");
            assertThat(session.agentName()).isEqualTo("bot-[REDACTED:github-token]");
            assertThat(session.workingDirectory()).isEqualTo(dir.resolve("work-[REDACTED:env:MY_API_KEY]").toString());
        }
        String file = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
        assertThat(file).contains("bot-[REDACTED:github-token]").contains("error: failed");
        assertNoSecret("database file", Files.readAllBytes(db));
    }

    @Test
    void whyACommandCouldNotStartIsStoredWithItsSecretsRedacted() throws Exception {
        Path db = dir.resolve("f.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of("MY_API_KEY", ENV_SECRET), null, "run", "--quiet",
                "--db", db.toString(), "--session-id", "f1", "--", "./bin-" + ENV_SECRET);
        assertThat(run.exitCode()).isEqualTo(127);
        // The terminal is the user's own: the message names the command as given.
        assertThat(run.stderr()).contains("./bin-" + ENV_SECRET + ": command not found");
        String file = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
        assertThat(file).contains("{\"error\":\"./bin-[REDACTED:env:MY_API_KEY]: command not found\"}");
        assertNoSecret("database file", Files.readAllBytes(db));
    }

    /** Starts the daemon once the run has recorded the first part, checking the WAL and file then. */
    private Served startWhenRecording(Process run, Path db, Path wal) throws Exception {
        // Before any checkpoint: the WAL holds everything committed so far.
        assertThat(TestSupport.await(60, () -> contains(wal, FIRST_PART))).as("first part in the WAL").isTrue();
        assertNoSecret("WAL during the run", Files.readAllBytes(wal));
        assertNoSecret("database file during the run", Files.readAllBytes(db));
        assertThat(run.isAlive()).isTrue();
        return Served.start(dir, db);
    }

    /** The daemon's answers about the ended session: lines, events, search, SSE, replay, exports, metrics. */
    private static void servedChannels(Served served, Map<String, byte[]> channels) throws Exception {
        assertThat(TestSupport.await(30, () -> served.bodyOf("/api/query/search?q=PROMPT").contains("PROMPT>")))
                .as("search index filled").isTrue();
        String lines = served.get("/api/query/session/s1/lines?limit=1000").body();
        assertThat(lines).contains(LOOK_ALIKES).contains("PROMPT> ", "XXXXXXXXXXXXXXXXXXXXX", "link");
        channels.put("lines API", bytes(lines));
        String events = served.get("/api/query/extractions?session=s1&limit=1000").body();
        assertThat(events).contains("[REDACTED:env:JSON_API_KEY]", "shell_command");
        channels.put("extractions API", bytes(events));
        channels.put("session API", bytes(served.get("/api/query/session/s1").body()));
        for (String q : List.of("PROMPT", "REDACTED", "link", "curl", "auth", "Authorization", "blob", "maps",
                "aws_secret_access_key", "redis", "FOO_TOKEN", "gone", "refused")) {
            channels.put("search " + q, bytes(served.get("/api/query/search?limit=100&q=" + q).body()));
        }
        for (String secret : SECRETS) {
            String q = URLEncoder.encode(secret.replaceAll("[^A-Za-z0-9]", " "), StandardCharsets.UTF_8);
            assertThat(served.get("/api/query/search?q=" + q).body()).as("search for " + secret)
                    .contains("\"total\":0");
        }
        try (Served.Sse sse = served.stream("/api/stream/session/s1", null)) {
            channels.put("SSE session stream", bytes(sse.until("end").toString()));
        }
        try (Served.Sse sse = served.stream("/api/replay/session/s1?speed=100&max_gap=0.01", null)) {
            channels.put("SSE replay", bytes(sse.until("replay_end").toString()));
        }
        for (String format : List.of("asciicast", "ndjson", "csv", "har")) {
            channels.put("API export " + format, bytes(served.get("/api/replay/export/s1?format=" + format).body()));
        }
        // The session page's player: the windowed cast's index and every window of it.
        com.google.gson.JsonObject castIndex = served.get("/api/replay/cast/s1?idle=2&window=10").json();
        StringBuilder cast = new StringBuilder(castIndex.toString());
        for (var segment : castIndex.getAsJsonArray("segments")) {
            cast.append(served.get(segment.getAsJsonObject().get("url").getAsString()).body());
        }
        assertThat(castIndex.getAsJsonArray("segments").size()).isGreaterThan(1);
        channels.put("API windowed cast", bytes(cast.toString()));
        String metrics = served.get("/metrics").body();
        // Counted once each: the secrets only the raw bytes held, the escaped ones, the base64 forms.
        Map<String, Double> redactions = new java.util.TreeMap<>();
        MetricsTest.samples(metrics).forEach((name, value) -> {
            if (name.startsWith("tapedeck_redactions_total{agent=\"hostile\"")) {
                redactions.put(name.substring(name.indexOf("kind=")), value);
            }
        });
        assertThat(redactions).isEqualTo(Map.of("kind=\"env\"}", 9.0, "kind=\"github-token\"}", 4.0,
                "kind=\"url-password\"}", 2.0, "kind=\"google-api-key\"}", 1.0, "kind=\"aws-secret-key\"}", 1.0));
        channels.put("metrics", bytes(metrics));
    }

    /** The frames of an SSE stream, read by a thread of their own until the stream ends or is closed. */
    private static final class Collected {
        private final Served.Sse sse;
        private final StringBuffer frames = new StringBuffer();
        private final Thread reader;
        private volatile boolean ended;

        Collected(Served.Sse sse) {
            this.sse = sse;
            this.reader = new Thread(this::read, "sse-collector");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                for (Served.Frame frame = sse.next(); frame != null; frame = sse.next()) {
                    frames.append(frame).append('\n');
                    if (frame.event().equals("end")) {
                        ended = true;
                    }
                }
            } catch (java.io.IOException e) {
                // Closed by the test: what was read is kept.
            }
        }

        String text() {
            return frames.toString();
        }

        boolean awaitEnd() throws InterruptedException {
            return TestSupport.await(30, () -> ended);
        }

        String closeAndText() throws Exception {
            sse.close();
            reader.join(10_000);
            return text();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Each secret as a reader of the channel could find it: plain, JSON-escaped, base64 at any alignment. */
    private static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>(List.of(secret));
        String json = new Gson().toJson(secret);
        forms.add(json.substring(1, json.length() - 1));
        forms.add(secret.replace("/", "\\/"));
        forms.add(secret.replace("&", "\\u0026").replace("/", "\\/"));
        byte[] value = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            byte[] padded = new byte[offset + value.length + 2];
            System.arraycopy(value, 0, padded, offset, value.length);
            int first = (8 * offset + 5) / 6;
            int end = 8 * (offset + value.length) / 6;
            forms.add(Base64.getEncoder().encodeToString(padded).substring(first, end));
            forms.add(Base64.getUrlEncoder().encodeToString(padded).substring(first, end));
        }
        return forms;
    }

    private static void assertNoSecret(String channel, byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS) {
            for (String form : forms(secret)) {
                assertThat(text.contains(form)).as("%s holds %s (as %s)", channel, secret, form).isFalse();
            }
        }
        assertThat(text).as(channel).doesNotContain("ghp_");
    }
}
