package dev.tapedeck.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Sessions recorded by the real CLI for the browser tests: a shell script written to a file in the
 * test's folder and run by {@code tapedeck run --agent AGENT -- sh FILE}, to its end or in the
 * background, and the id of an agent's newest session as {@code tapedeck ls} gives it.
 */
final class Recordings {
    private Recordings() {
    }

    /** Records script to its end; returns the session's id. */
    static String record(Path dir, Path db, String agent, String script) throws Exception {
        Path file = write(dir, agent, script);
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", agent,
                "--", "sh", file.toString());
        if (r.exitCode() != 0) {
            throw new AssertionError("tapedeck run for " + agent + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return newest(dir, db, agent);
    }

    /** Starts recording script in the background (output in AGENT.log); the caller ends the process. */
    static Process start(Path dir, Path db, String agent, String script) throws Exception {
        Path file = write(dir, agent, script);
        return new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--db", db.toString(), "--agent", agent, "--", "sh", file.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(agent + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** The id of the agent's newest session, or null when it has none (yet). */
    static String newest(Path dir, Path db, String agent) {
        try {
            String list = TestSupport.tapedeck(dir, Map.of(), null, "ls", "--db", db.toString(), "--agent", agent,
                    "-o", "json").out();
            var sessions = com.google.gson.JsonParser.parseString(list).getAsJsonArray();
            return sessions.isEmpty() ? null : sessions.get(0).getAsJsonObject().get("session_id").getAsString();
        } catch (Exception e) {
            throw new AssertionError("tapedeck ls failed", e);
        }
    }

    /** A shell word that is text exactly: single-quoted, its own quotes escaped. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static Path write(Path dir, String agent, String script) throws java.io.IOException {
        return Files.writeString(dir.resolve(agent + ".sh"), script);
    }
}
