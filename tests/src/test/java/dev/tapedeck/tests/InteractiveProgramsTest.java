package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-screen and line-editing programs behave under tapedeck as without it: each runs twice, side
 * by side, in two tmux panes of the same size on a tmux server of the test's own, once plain and
 * once under {@code tapedeck run}; both are given the same keys, and their screens
 * ({@code capture-pane}) must come out the same, as must what they leave behind.
 */
class InteractiveProgramsTest {
    private static final String WIDTH = "80";
    private static final String HEIGHT = "20";

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
    void vimEditsAndSavesAFileAsWithoutTapedeck() throws Exception {
        for (String side : List.of("plain", "taped")) {
            Files.writeString(Files.createDirectory(dir.resolve(side)).resolve("f.txt"), "line1\nline2\n");
        }
        start("vim -u NONE -i NONE f.txt");
        awaitSameScreens("line2");
        keys("g", "g", "O", "inserted", "Escape");
        awaitSameScreens("inserted");
        keys(":wq", "Enter");
        awaitExits(0);
        for (String side : List.of("plain", "taped")) {
            assertThat(Files.readString(dir.resolve(side).resolve("f.txt"))).as(side).isEqualTo("inserted\nline1\nline2\n");
        }
        assertRecorded();
    }

    @Test
    void lessPagesAFileAsWithoutTapedeck() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            text.append("row ").append(i).append('\n');
        }
        for (String side : List.of("plain", "taped")) {
            Files.writeString(Files.createDirectory(dir.resolve(side)).resolve("f.txt"), text);
        }
        start("less f.txt");
        awaitSameScreens("row 19");
        keys("Space");
        awaitSameScreens("row 38");
        keys("G");
        awaitSameScreens("(END)");
        keys("q");
        awaitExits(0);
        assertRecorded();
    }

    @Test
    void aPythonReplEvaluatesAndExitsAsWithoutTapedeck() throws Exception {
        for (String side : List.of("plain", "taped")) {
            Files.createDirectory(dir.resolve(side));
        }
        start("python3 -q");
        awaitSameScreens(">>>");
        keys("6 * 7", "Enter");
        awaitSameScreens("42");
        keys("exit()", "Enter");
        awaitExits(0);
        assertRecorded();
    }

    /** The program in pane "plain" as it is, and in pane "taped" under tapedeck run; each writes its exit code to rc. */
    private void start(String program) throws Exception {
        socket = dir.resolve("tmux.sock");
        Path db = dir.resolve("t.db");
        String taped = "'" + TestSupport.javaBin() + "' -Xmx256m -jar '" + TestSupport.JAR.toAbsolutePath() + "' run --db '"
                + db + "' --quiet --session-id taped -- " + program;
        tmux("new-session", "-d", "-s", "plain", "-x", WIDTH, "-y", HEIGHT, "-c", dir.resolve("plain").toString(),
                program + "; echo $? > rc.part; mv rc.part rc");
        tmux("new-session", "-d", "-s", "taped", "-x", WIDTH, "-y", HEIGHT, "-c", dir.resolve("taped").toString(),
                taped + "; echo $? > rc.part; mv rc.part rc");
    }

    /** Waits until both screens show text and are the same; fails with both screens otherwise. */
    private void awaitSameScreens(String text) throws Exception {
        boolean same = TestSupport.await(60, () -> {
            String plain = screen("plain");
            return plain.contains(text) && plain.equals(screen("taped"));
        });
        assertThat(same).as("screens with %s:%n--- plain ---%n%s%n--- taped ---%n%s", text, screen("plain"),
                screen("taped")).isTrue();
    }

    private void keys(String... keys) throws Exception {
        for (String side : List.of("plain", "taped")) {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", side));
            args.addAll(List.of(keys));
            tmux(args.toArray(String[]::new));
        }
    }

    private void awaitExits(int exitCode) throws Exception {
        for (String side : List.of("plain", "taped")) {
            Path rc = dir.resolve(side).resolve("rc");
            assertThat(TestSupport.await(60, () -> Files.exists(rc))).as(side + " exited").isTrue();
            assertThat(Files.readString(rc).strip()).as(side).isEqualTo(Integer.toString(exitCode));
        }
    }

    /** The tapedeck side was recorded on a terminal of the pane's size, and ended as the program did. */
    private void assertRecorded() {
        try (Database database = Database.open(dir.resolve("t.db"))) {
            Session session = database.sessions().get("taped");
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(session.environmentJson()).contains("\"columns\":" + WIDTH + ",\"rows\":" + HEIGHT);
            assertThat(session.totals().lines()).isPositive();
        }
    }

    private String screen(String side) {
        try {
            return tmux("capture-pane", "-p", "-t", side).out();
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
