package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.StateChange;
import dev.tapedeck.store.Stream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal a session ran on is recorded: its size, TERM and locale at the start, every resize
 * with its time, and the variables named with --record-env; {@code show}, the API and the asciicast
 * export use them. The PTY cases run tapedeck in a real terminal: a tmux pane of a known size, resized
 * with tmux, on a tmux server of the test's own (its socket in the test's folder).
 */
class TerminalRecordingTest {
    private static final String TOKEN = "tok-" + "Zq7Xv2Lw9Rt4Yp8Nm3Bk";

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
    void onPipesTheEnvironmentHoldsTermShellLocaleAndNamedVariablesRedactedButNoSize() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = tapedeck(dir, Map.of("TERM", "xterm-test", "SHELL", "/bin/test-shell", "LANG",
                "de_DE.UTF-8", "LC_ALL", "", "LC_CTYPE", "", "MY_TOKEN", TOKEN, "PLAIN_NAME", "plain value"), null,
                "run", "--db", db.toString(), "--quiet", "--session-id", "pipes", "--record-env", "PLAIN_NAME",
                "--record-env", "MY_TOKEN", "--record-env", "NOT_SET_ANYWHERE", "--", "sh", "-c", "echo hi");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonObject environment = environment(db, "pipes");
        assertThat(environment.get("term").getAsString()).isEqualTo("xterm-test");
        assertThat(environment.get("shell").getAsString()).isEqualTo("/bin/test-shell");
        assertThat(environment.get("locale").getAsString()).isEqualTo("de_DE.UTF-8");
        assertThat(environment.has("charset")).isTrue();
        assertThat(environment.has("columns")).as("pipes have no size").isFalse();
        assertThat(environment.has("rows")).isFalse();
        JsonObject variables = environment.getAsJsonObject("variables");
        assertThat(variables.keySet()).containsExactly("PLAIN_NAME", "MY_TOKEN");
        assertThat(variables.get("PLAIN_NAME").getAsString()).isEqualTo("plain value");
        assertThat(variables.get("MY_TOKEN").getAsString()).isEqualTo("[REDACTED:env:MY_TOKEN]");

        TestSupport.Result cast = tapedeck(dir, Map.of(), null, "export", "pipes", "--db", db.toString(), "--format",
                "asciicast");
        assertThat(cast.exitCode()).as(cast.stderr()).isZero();
        JsonObject header = JsonParser.parseString(cast.out().lines().findFirst().orElseThrow()).getAsJsonObject();
        assertThat(header.get("width").getAsInt()).isEqualTo(120);
        assertThat(header.get("height").getAsInt()).isEqualTo(40);
        // Only tapedeck's own lines: sqlite-jdbc may log its failure to clean up another process's
        // unpacked library when runs start at once.
        assertThat(cast.stderr().lines().filter(line -> line.startsWith("tapedeck"))).containsExactly(
                "tapedeck: note: session pipes has no recorded terminal size (it ran on pipes); the asciicast uses 120x40");

        TestSupport.Result bad = tapedeck(dir, Map.of(), null, "run", "--record-env", "A=B", "--", "true");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).isEqualTo("tapedeck: --record-env takes a variable's name (not empty, no '='),"
                + " got 'A=B'\nSee 'tapedeck run --help'.\n");
    }

    /**
     * In a tmux pane of 97x31, the command's terminal has that size from its first line on; a resize
     * of the window to 83x22 reaches it (its SIGWINCH trap prints the new size) and is recorded with
     * its time, between the lines printed before and after; our terminal's settings are as before
     * once the run is over (raw mode undone); show, the API's session and the asciicast export say
     * so, and the real asciinema plays the export.
     */
    @Test
    void inATmuxPaneTheSizeAndAResizeAreRecordedAndReachTheCommand() throws Exception {
        Path db = dir.resolve("t.db");
        startInPane(db, "tm", "stty size; trap \"stty size\" WINCH; while [ ! -e go ]; do sleep 0.05; done; echo done;"
                + " exit 3");
        assertThat(TestSupport.await(60, () -> pane().contains("31 97"))).as("first size; pane: %s", pane()).isTrue();

        tmux("resize-window", "-t", "t", "-x", "83", "-y", "22");
        assertThat(TestSupport.await(30, () -> pane().contains("22 83"))).as("size after the resize; pane: %s", pane())
                .isTrue();
        Files.writeString(dir.resolve("go"), "");
        assertThat(TestSupport.await(60, () -> Files.exists(dir.resolve("after")))).as("run ended").isTrue();
        assertThat(Files.readString(dir.resolve("rc")).strip()).isEqualTo("3");
        assertThat(Files.readString(dir.resolve("after"))).as("terminal settings after the run")
                .isEqualTo(Files.readString(dir.resolve("before")));

        JsonObject environment = environment(db, "tm");
        assertThat(environment.get("columns").getAsInt()).isEqualTo(97);
        assertThat(environment.get("rows").getAsInt()).isEqualTo(31);
        assertThat(environment.get("term").getAsString()).isNotEmpty();
        try (Database database = Database.open(db)) {
            List<StateChange> resizes = database.sessions().listStateChanges("tm").stream()
                    .filter(c -> c.state().equals("resized")).toList();
            assertThat(resizes).extracting(StateChange::metadataJson).containsExactly("{\"columns\":83,\"rows\":22}");
            List<OutputLine> lines = database.output().listLines("tm", 1, 10, null);
            assertThat(lines).extracting(OutputLine::text).containsExactly("31 97", "22 83", "done");
            assertThat(resizes.get(0).timestamp()).isAfter(lines.get(0).timestamp()).isBefore(lines.get(1).timestamp());
        }

        TestSupport.Result show = tapedeck(dir, Map.of(), null, "show", "tm", "--db", db.toString());
        assertThat(show.out()).contains("\nterminal   97x31, " + environment.get("term").getAsString() + "\n");

        TestSupport.Result cast = tapedeck(dir, Map.of(), null, "export", "tm", "--db", db.toString(), "--format",
                "asciicast", "-o", dir.resolve("tm.cast").toString());
        assertThat(cast.exitCode()).as(cast.stderr()).isZero();
        assertThat(cast.stderr()).isEmpty();
        List<String> events = Files.readAllLines(dir.resolve("tm.cast"));
        JsonObject header = JsonParser.parseString(events.get(0)).getAsJsonObject();
        assertThat(header.get("width").getAsInt()).isEqualTo(97);
        assertThat(header.get("height").getAsInt()).isEqualTo(31);
        assertThat(events.subList(1, events.size()))
                .filteredOn(e -> !e.contains("\"m\""))
                .extracting(e -> e.replaceFirst("^\\[[0-9.]+, ", "["))
                .containsExactly("[\"o\", \"31 97\\r\\n\"]", "[\"r\", \"83x22\"]", "[\"o\", \"22 83\\r\\n\"]",
                        "[\"o\", \"done\\r\\n\"]");
        List<Double> times = new ArrayList<>();
        events.subList(1, events.size()).forEach(e -> times.add(Double.parseDouble(e.substring(1, e.indexOf(',')))));
        assertThat(times).isSorted();
        // asciinema cat reads /dev/tty: it runs in a tmux pane too, its output into a file.
        tmux("new-session", "-d", "-s", "p", "-x", "97", "-y", "31", "-c", dir.toString(),
                "asciinema cat tm.cast > cat.part; echo $? > cat.rc; asciinema play -s 100 tm.cast > play.part;"
                        + " echo $? > play.rc; mv cat.part cat.out; mv play.part play.out");
        assertThat(TestSupport.await(60, () -> Files.exists(dir.resolve("play.out")))).as("asciinema done").isTrue();
        assertThat(Files.readString(dir.resolve("cat.rc")).strip()).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("cat.out"))).isEqualTo("31 97\r\n22 83\r\ndone\r\n");
        assertThat(Files.readString(dir.resolve("play.rc")).strip()).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("play.out"))).contains("31 97\r\n22 83\r\ndone\r\n");

        assertV3FollowsTheSpec(db, environment.get("term").getAsString(), times);
    }

    /**
     * The v3 export, field by field against https://docs.asciinema.org/manual/asciicast/v3: a header
     * with version 3 and term {cols, rows, type}; then events of three elements, a non-negative
     * interval since the event before, a code and a string; resizes as r, markers as m, and the exit
     * status as x at the end. The intervals add up to the v2 export's times (each to the microsecond).
     */
    private void assertV3FollowsTheSpec(Path db, String term, List<Double> v2Times) throws Exception {
        TestSupport.Result cast = tapedeck(dir, Map.of(), null, "export", "tm", "--db", db.toString(), "--format",
                "asciicast", "--v3");
        assertThat(cast.exitCode()).as(cast.stderr()).isZero();
        List<String> lines = cast.out().lines().toList();
        JsonObject header = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertThat(header.keySet()).contains("version", "term", "timestamp", "command", "title")
                .doesNotContain("width", "height");
        assertThat(header.get("version").getAsInt()).isEqualTo(3);
        JsonObject termObject = header.getAsJsonObject("term");
        assertThat(termObject.get("cols").getAsInt()).isEqualTo(97);
        assertThat(termObject.get("rows").getAsInt()).isEqualTo(31);
        assertThat(termObject.get("type").getAsString()).isEqualTo(term);
        assertThat(header.get("timestamp").getAsJsonPrimitive().isNumber()).isTrue();
        List<String> codes = new ArrayList<>();
        List<Double> elapsed = new ArrayList<>();
        double sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            com.google.gson.JsonArray event = JsonParser.parseString(line).getAsJsonArray();
            assertThat(event.size()).as(line).isEqualTo(3);
            double interval = event.get(0).getAsDouble();
            assertThat(interval).as(line).isGreaterThanOrEqualTo(0);
            assertThat(event.get(2).getAsJsonPrimitive().isString()).as(line).isTrue();
            sum += interval;
            codes.add(event.get(1).getAsString());
            elapsed.add(sum);
        }
        assertThat(codes).filteredOn(code -> !code.equals("m")).containsExactly("o", "r", "o", "o", "x");
        assertThat(JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonArray().get(2).getAsString())
                .isEqualTo("3");
        for (int i = 0; i < v2Times.size(); i++) {
            assertThat(elapsed.get(i)).as("event %d", i).isCloseTo(v2Times.get(i), org.assertj.core.data.Offset.offset(1e-4));
        }
        TestSupport.Result bad = tapedeck(dir, Map.of(), null, "export", "tm", "--db", db.toString(), "--format", "csv",
                "--v3");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--v3 goes with --format asciicast, not csv");
    }

    /**
     * A resize is a change on the way, not an end: the live stream of a running session goes on past
     * it (it used to take every state but started for the session's end, and closed).
     */
    @Test
    void aResizeDoesNotEndTheLiveStreamOfARunningSession() throws Exception {
        Path db = dir.resolve("live.db");
        Instant t0 = Instant.now();
        try (Database database = Database.open(db)) {
            database.writes().append(NewSession.of("live", "agent", t0));
            database.writes().append(StateChange.of("live", t0, "started"));
            database.writes().append(OutputLine.of("live", 1, Stream.STDOUT, t0.plusMillis(1), "before"));
            database.writes().append(new StateChange(0, "live", t0.plusMillis(2), "resized", null,
                    "{\"columns\":80,\"rows\":24}"));
            database.flush();
        }
        try (Served served = Served.start(dir, db); Served.Sse sse = served.stream("/api/stream/session/live", null)) {
            List<Served.Frame> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(sse.next());
            }
            assertThat(first).extracting(Served.Frame::event).containsExactly("state", "line", "state");
            assertThat(first.get(2).json().get("state").getAsString()).isEqualTo("resized");
            assertThat(first.get(2).json().getAsJsonObject("metadata").get("columns").getAsInt()).isEqualTo(80);
            try (Database database = Database.open(db)) {
                database.writes().append(OutputLine.of("live", 2, Stream.STDOUT, t0.plusMillis(3), "after"));
                database.writes().append(new SessionEnd("live", SessionStatus.COMPLETED, 0, t0.plusMillis(4), 0, null));
                database.flush();
            }
            List<Served.Frame> rest = sse.until("end");
            assertThat(rest).extracting(Served.Frame::event).containsExactly("line", "state", "end");
            assertThat(rest.get(0).json().get("text").getAsString()).isEqualTo("after");
        }
    }

    /** Ctrl-C in the user's terminal reaches the command as SIGINT, as without tapedeck, and only once. */
    @Test
    void ctrlCInATmuxPaneInterruptsTheCommandOnceAndTheTerminalIsRestored() throws Exception {
        Path db = dir.resolve("t.db");
        startInPane(db, "int", "trap \"echo got INT; exit 130\" INT; echo ready; while :; do sleep 0.05; done");
        assertThat(TestSupport.await(60, () -> pane().contains("ready"))).as("pane: %s", pane()).isTrue();
        tmux("send-keys", "-t", "t", "C-c");
        assertThat(TestSupport.await(60, () -> Files.exists(dir.resolve("after")))).as("run ended").isTrue();
        assertThat(Files.readString(dir.resolve("rc")).strip()).isEqualTo("130");
        assertThat(Files.readString(dir.resolve("after"))).isEqualTo(Files.readString(dir.resolve("before")));
        try (Database database = Database.open(db)) {
            assertThat(database.output().listLines("int", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("ready", "^Cgot INT");
            assertThat(database.sessions().get("int").status()).isEqualTo(SessionStatus.KILLED);
        }
    }

    /**
     * Ctrl-Z stops the command and gives the user their shell back (an interactive bash in a tmux
     * pane), with the terminal's settings as they were; {@code fg} resumes it in the foreground, where
     * it ends as it would have; the stop and the resume are state changes, and the command did not
     * run between them. (What the command prints is spelled apart in its source, so that the pane's
     * echo of the command line is not taken for it.)
     */
    @Test
    void ctrlZSuspendsTheRunAndFgResumesItWithTheTerminalSaneInBetweenAndAfter() throws Exception {
        Path db = dir.resolve("t.db");
        socket = dir.resolve("tmux.sock");
        tmux("new-session", "-d", "-s", "t", "-x", "97", "-y", "31", "-c", dir.toString(),
                "bash --norc --noprofile -i");
        tmux("send-keys", "-t", "t", "stty -g > before", "Enter");
        tmux("send-keys", "-t", "t", "'" + TestSupport.javaBin() + "' -Xmx256m -jar '" + TestSupport.JAR.toAbsolutePath()
                + "' run --db '" + db + "' --quiet --session-id jobs -- sh -c 'trap \"stty size\" WINCH; echo \"rea\"\"dy\";"
                + " while [ ! -e go ]; do sleep 0.05; done; echo \"res\"\"umed\"; exit 4'", "Enter");
        assertThat(TestSupport.await(60, () -> pane().contains("ready"))).as("pane: %s", pane()).isTrue();
        tmux("send-keys", "-t", "t", "C-z");
        assertThat(TestSupport.await(30, () -> pane().contains("Stopped"))).as("pane: %s", pane()).isTrue();
        // A resize while it is stopped reaches it once resumed.
        tmux("resize-window", "-t", "t", "-x", "83", "-y", "22");
        tmux("send-keys", "-t", "t", "stty -g > during.part; mv during.part during; touch go", "Enter");
        assertThat(TestSupport.await(30, () -> Files.exists(dir.resolve("during")))).isTrue();
        assertThat(Files.readString(dir.resolve("during"))).as("settings while suspended")
                .isEqualTo(Files.readString(dir.resolve("before")));
        tmux("send-keys", "-t", "t", "fg", "Enter");
        assertThat(TestSupport.await(30, () -> pane().contains("resumed"))).as("pane: %s", pane()).isTrue();
        // Keys typed while tapedeck still ends (after the command exited) would be read by it and lost,
        // as with script or sudo: type only once the shell's prompt is back.
        assertThat(TestSupport.await(30, () -> pane().substring(pane().lastIndexOf("resumed")).contains("bash-")))
                .as("pane: %s", pane()).isTrue();
        tmux("send-keys", "-t", "t", "echo $? > rc; stty -g > after.part; mv after.part after", "Enter");
        assertThat(TestSupport.await(30, () -> Files.exists(dir.resolve("after")))).as("pane: %s", pane()).isTrue();
        assertThat(Files.readString(dir.resolve("rc")).strip()).isEqualTo("4");
        assertThat(Files.readString(dir.resolve("after"))).isEqualTo(Files.readString(dir.resolve("before")));
        try (Database database = Database.open(db)) {
            List<StateChange> changes = database.sessions().listStateChanges("jobs");
            assertThat(changes).extracting(StateChange::state)
                    .containsExactly("started", "stopped", "resized", "resumed", "failed");
            assertThat(changes.get(2).metadataJson()).isEqualTo("{\"columns\":83,\"rows\":22}");
            List<OutputLine> lines = database.output().listLines("jobs", 1, 10, null);
            // The command's terminal echoes the ^Z it was given (without a newline, as a terminal
            // does); its SIGWINCH trap prints the size it was resumed at.
            assertThat(lines).extracting(OutputLine::text).containsExactly("ready", "^Z22 83", "resumed");
            assertThat(lines.get(1).timestamp()).as("printed after the resume").isAfter(changes.get(3).timestamp());
        }
    }

    /** Replayed in a terminal smaller than the one it was recorded on, a session says so first; not in a bigger one. */
    @Test
    void replayInATerminalSmallerThanTheRecordingsSaysSo() throws Exception {
        Path db = dir.resolve("r.db");
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        try (Database database = Database.open(db)) {
            database.writes().append(NewSession.of("big", "agent", t0).withEnvironment(
                    "{\"term\":\"xterm\",\"columns\":97,\"rows\":31}", null, null));
            database.writes().append(OutputLine.of("big", 1, Stream.STDOUT, t0.plusMillis(1), "played"));
            database.writes().append(new SessionEnd("big", SessionStatus.COMPLETED, 0, t0.plusMillis(2), 0, null));
            database.flush();
        }
        socket = dir.resolve("tmux.sock");
        String replay = "'" + TestSupport.javaBin() + "' -Xmx256m -jar '" + TestSupport.JAR.toAbsolutePath() + "' replay big"
                + " --db '" + db + "'";
        tmux("new-session", "-d", "-s", "small", "-x", "60", "-y", "15", "-c", dir.toString(),
                replay + "; echo $? > small.rc; sleep 60");
        tmux("new-session", "-d", "-s", "large", "-x", "120", "-y", "40", "-c", dir.toString(),
                replay + "; echo $? > large.rc; sleep 60");
        for (String side : List.of("small", "large")) {
            assertThat(TestSupport.await(60, () -> Files.exists(dir.resolve(side + ".rc")))).as(side).isTrue();
            assertThat(Files.readString(dir.resolve(side + ".rc")).strip()).isEqualTo("0");
        }
        String warning = "tapedeck: warning: your terminal is 60x15, smaller than the recording's 97x31: it may not"
                + " show as it did; make the terminal bigger for a faithful replay";
        assertThat(TestSupport.await(10, () -> screen("small").contains(warning))).as(screen("small")).isTrue();
        assertThat(screen("large")).contains("played").doesNotContain("smaller");
    }

    private String screen(String session) {
        try {
            return tmux("capture-pane", "-p", "-J", "-t", session).out();
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * Runs {@code tapedeck run -- sh -c CHILD} in a new tmux pane of 97x31 on the test's own server:
     * the pane writes our terminal's settings before and after the run ({@code stty -g}) and the exit
     * code into files (before, after, rc; after last).
     */
    private void startInPane(Path db, String sessionId, String child) throws Exception {
        Path script = Files.writeString(dir.resolve("pane.sh"), String.join("\n",
                "stty -g > before",
                "'" + TestSupport.javaBin() + "' -Xmx256m -jar '" + TestSupport.JAR.toAbsolutePath() + "' run --db '" + db
                        + "' --quiet --session-id " + sessionId + " -- sh -c '" + child + "'",
                "echo $? > rc",
                "stty -g > after.part && mv after.part after",
                ""));
        socket = dir.resolve("tmux.sock");
        tmux("new-session", "-d", "-s", "t", "-x", "97", "-y", "31", "-c", dir.toString(), "sh " + script);
    }

    private JsonObject environment(Path db, String sessionId) {
        try (Database database = Database.open(db)) {
            return JsonParser.parseString(database.sessions().get(sessionId).environmentJson()).getAsJsonObject();
        }
    }

    private String pane() {
        try {
            return tmux("capture-pane", "-p", "-t", "t").out();
        } catch (Exception e) {
            return "";
        }
    }

    private TestSupport.Result tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        return TestSupport.run(command, dir, Map.of(), null);
    }
}
