package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapedeck run --record-input} in a real terminal (a tmux pane on a server of the test's own,
 * driven with send-keys): what is typed is recorded as asciicast {@code i} events, redacted, and
 * nothing typed while the terminal's echo is off (a {@code read -s} password prompt) reaches any
 * channel: the database file and its WAL, the exports, the session stream.
 */
class InputRecordingTest {
    private static final String TOKEN = "tok-" + "Hq4Vb8Xz1Mn6Rt3Lw9";
    private static final String PASSWORD = "pw-" + "never-to-be-kept-7Qx2";

    @TempDir
    Path dir;

    private Path socket;

    @AfterEach
    void stopTmux() throws Exception {
        if (socket != null) {
            tmux("kill-server");
        }
    }

    @Test
    void typedLinesAreIEventsRedactedAndNothingTypedWithoutEchoIsKept() throws Exception {
        Path db = dir.resolve("t.db");
        Files.writeString(dir.resolve("ask.sh"), """
                read -r -p 'name? ' name; echo "hello $name"
                read -r -s -p 'password? ' pw; echo; echo "password of ${#pw} characters"
                read -r -p 'token? ' tok; echo "token of ${#tok} characters"
                echo "$name ${#pw} ${#tok}" > said
                """);
        Path script = dir.resolve("pane.sh");
        Files.writeString(script, "MY_TOKEN='" + TOKEN + "' '" + TestSupport.javaBin() + "' -Xmx256m -jar '"
                + TestSupport.JAR.toAbsolutePath() + "' run --db '" + db + "' --quiet --session-id in --record-input"
                + " -- bash ask.sh\necho $? > rc.part; mv rc.part rc\n");
        socket = dir.resolve("tmux.sock");
        tmux("new-session", "-d", "-s", "t", "-x", "90", "-y", "25", "-c", dir.toString(), "sh " + script);
        awaitScreen("name?");
        tmux("send-keys", "-t", "t", "alice", "Enter");
        awaitScreen("password?");
        tmux("send-keys", "-t", "t", PASSWORD, "Enter");
        awaitScreen("token?");
        tmux("send-keys", "-t", "t", TOKEN, "Enter");
        assertThat(TestSupport.await(60, () -> Files.exists(dir.resolve("rc")))).as(pane()).isTrue();
        assertThat(Files.readString(dir.resolve("rc")).strip()).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("said"))).as("what the command read")
                .isEqualTo("alice " + PASSWORD.length() + " " + TOKEN.length() + "\n");

        try (Database database = Database.open(db)) {
            assertThat(database.sessions().get("in").environmentJson()).contains("\"input_recorded\":true");
        }
        TestSupport.Result show = tapedeck(dir, Map.of(), null, "show", "in", "--db", db.toString());
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.out().lines().filter(l -> l.startsWith("terminal"))).singleElement().asString()
                .matches("terminal +90x25, \\S+, input recorded");
        List<String> typed = new ArrayList<>();
        for (String line : export(db, "in", "asciicast").lines().skip(1).toList()) {
            JsonArray event = JsonParser.parseString(line).getAsJsonArray();
            if (event.get(1).getAsString().equals("i")) {
                typed.add(event.get(2).getAsString());
            }
        }
        assertThat(typed).containsExactly("alice\r", "[REDACTED:env:MY_TOKEN]\r");
        assertThat(export(db, "in", "asciicast-v3")).contains("\"i\", \"alice\\r\"");

        List<String> channels = new ArrayList<>();
        for (String format : List.of("asciicast", "asciicast-v3", "ndjson", "csv", "har")) {
            channels.add(export(db, "in", format));
        }
        try (Served served = Served.start(dir, db); Served.Sse sse = served.stream("/api/stream/session/in", null)) {
            StringBuilder stream = new StringBuilder();
            sse.until("end").forEach(frame -> stream.append(frame.data()).append('\n'));
            assertThat(stream).contains("alice");
            channels.add(stream.toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("t.db")).toList()) {
                channels.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        for (String channel : channels) {
            assertThat(channel).doesNotContain(PASSWORD).doesNotContain(TOKEN);
        }
    }

    @Test
    void onPipesInputIsNotRecordedAndTheRunSaysSo() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = tapedeck(dir, Map.of(), "typed\n".getBytes(StandardCharsets.UTF_8), "run", "--db",
                db.toString(), "--session-id", "pipes", "--record-input", "--pty", "never", "--", "cat");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("tapedeck: note: --record-input records what is typed on a terminal (PTY"
                + " mode) only; this run's input is not recorded\n");
        try (Database database = Database.open(db)) {
            assertThat(database.sessions().get("pipes").environmentJson()).contains("\"input_recorded\":false");
        }
        assertThat(export(db, "pipes", "asciicast")).doesNotContain("\"i\"");
    }

    private String export(Path db, String session, String format) throws Exception {
        TestSupport.Result export = tapedeck(dir, Map.of(), null, "export", session, "--db", db.toString(),
                "--format", format);
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        return export.out();
    }

    private void awaitScreen(String text) throws Exception {
        assertThat(TestSupport.await(60, () -> pane().contains(text))).as("%s on:%n%s", text, pane()).isTrue();
    }

    private String pane() {
        try {
            return tmux("capture-pane", "-p", "-J", "-t", "t").out();
        } catch (Exception e) {
            return "";
        }
    }

    private TestSupport.Result tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket == null ? dir.resolve("tmux.sock").toString()
                : socket.toString(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        return TestSupport.run(command, dir, Map.of(), null);
    }
}
