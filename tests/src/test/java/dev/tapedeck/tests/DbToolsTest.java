package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tapedeck db}: check, stats, backup under load, read-only query, dump, reset, vacuum. */
class DbToolsTest {
    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void record() throws Exception {
        db = dir.resolve("t.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--agent", "demo", "--session-id", "s1", "--", "sh", "-c",
                "i=0; while [ $i -lt 500 ]; do echo \"line $i\"; i=$((i + 1)); done; echo 'Error: last'");
        assertThat(run.exitCode()).isZero();
    }

    private TestSupport.Result db(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "db";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db";
        all[args.length + 2] = db.toString();
        return TestSupport.tapedeck(dir, Map.of(), null, all);
    }

    private String sqlite(Path file, String sql) throws Exception {
        return TestSupport.run(List.of("sqlite3", file.toString(), sql), dir, Map.of(), null).out().strip();
    }

    @Test
    void checkAndStatsReportWhatTheDatabaseHolds() throws Exception {
        TestSupport.Result check = db("check");
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.out()).contains("integrity: ok").contains("schema version: "
                + dev.tapedeck.store.Database.latestSchemaVersion());
        JsonObject stats = JsonParser.parseString(db("stats", "--json").out()).getAsJsonObject();
        assertThat(stats.get("sessions").getAsLong()).isEqualTo(1);
        assertThat(stats.get("lines").getAsLong()).isEqualTo(501);
        assertThat(stats.get("extraction_events").getAsLong()).isEqualTo(1);
    }

    @Test
    void checkFindsACorruptFile() throws Exception {
        long size = Files.size(db);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            // Keep the header; scribble over the pages after the first.
            byte[] junk = new byte[(int) Math.min(size - 4096, 64 * 1024)];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            file.seek(4096);
            file.write(junk);
        }
        TestSupport.Result check = db("check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out() + check.stderr()).doesNotContain("integrity: ok");
        assertThat(check.stderr()).doesNotContain("Exception");
    }

    @Test
    void queryRunsReadOnlyWhateverTheStatementSays() throws Exception {
        TestSupport.Result select = db("query", "SELECT session_id, agent_name FROM process_sessions");
        assertThat(select.out()).isEqualTo("session_id\tagent_name\ns1\tdemo\n");
        TestSupport.Result json = db("query", "--json", "SELECT count(*) AS n FROM extraction_events");
        assertThat(json.out()).isEqualTo("{\"n\":1}\n");
        for (String write : new String[] {"DELETE FROM process_sessions", "DROP TABLE output_chunks",
            "UPDATE process_sessions SET status = 'failed'", "ATTACH '" + dir.resolve("other.db") + "' AS o",
            "INSERT INTO metric_counters VALUES ('lines', 'x', '', '', 1)",
            "VACUUM INTO '" + dir.resolve("copy.db") + "'", "CREATE TEMP TABLE t(a)", "PRAGMA user_version=5",
            "PRAGMA journal_mode=delete", "WITH x AS (SELECT 1) DELETE FROM process_sessions",
            "SELECT 1; SELECT 2", "SELECT 1; DROP TABLE output_chunks"}) {
            TestSupport.Result refused = db("query", write);
            assertThat(refused.exitCode()).as(write).isEqualTo(1);
            assertThat(refused.stderr()).as(write).startsWith("tapedeck: query refused:");
            assertThat(refused.stderr().lines()).as(write).hasSize(1);
            assertThat(refused.out()).as(write).isEmpty();
        }
        assertThat(Files.exists(dir.resolve("other.db"))).isFalse();
        assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();
        assertThat(sqlite(db, "SELECT count(*) FROM process_sessions")).isEqualTo("1");
        assertThat(sqlite(db, "SELECT status FROM process_sessions")).isEqualTo("completed");
        assertThat(sqlite(db, "PRAGMA user_version"))
                .isEqualTo(String.valueOf(dev.tapedeck.store.Database.latestSchemaVersion()));
        assertThat(sqlite(db, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(db("query", "SELECT count(*) FROM process_sessions; -- done").out()).isEqualTo("count(*)\n1\n");
    }

    @Test
    void queryStopsARunawayStatementAtItsTimeout() throws Exception {
        long start = System.nanoTime();
        TestSupport.Result stopped = db("query", "--timeout", "1",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(stopped.exitCode()).as(stopped.stderr()).isEqualTo(124);
        assertThat(stopped.stderr()).isEqualTo("tapedeck: query stopped: it ran longer than --timeout 1 s\n");
        assertThat(seconds).as("seconds until stopped").isLessThan(15);
        TestSupport.Result bad = db("query", "--timeout", "0", "SELECT 1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).isEqualTo("tapedeck: --timeout must be in (0, 86400] seconds, got 0.0\nSee 'tapedeck db query --help'.\n");
    }

    /**
     * SQLite's progress handler runs only at the jumps of a program: a statement of one row whose
     * expression calls slow functions one after another (here 60 hex() of 20 MB, about 15 s) ran to
     * its end whatever --timeout said. It is stopped all the same, a moment after its limit.
     */
    @Test
    void queryStopsAStatementWithoutLoopsAtItsTimeoutToo() throws Exception {
        String slow = "SELECT " + String.join(" + ", java.util.Collections.nCopies(60,
                "length(hex(zeroblob(20000000)))"));
        long start = System.nanoTime();
        TestSupport.Result stopped = db("query", "--timeout", "0.5", slow);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(stopped.exitCode()).as(stopped.stderr()).isEqualTo(124);
        assertThat(stopped.stderr()).isEqualTo("tapedeck: query stopped: it ran longer than --timeout 0.5 s\n");
        assertThat(stopped.out()).isEmpty();
        assertThat(seconds).as("seconds until stopped").isLessThan(6);
    }

    /** Edges of --timeout and of what a PRAGMA returns: one clear line each, never a Java type. */
    @Test
    void queryGivesOneClearLineForATinyTimeoutAndAPragmaWithoutColumns() throws Exception {
        TestSupport.Result tiny = db("query", "--timeout", "1e-10", "SELECT 1");
        assertThat(tiny.exitCode()).as(tiny.stderr()).isZero();
        assertThat(tiny.out()).isEqualTo("1\n1\n");
        for (String nothing : new String[] {"PRAGMA shrink_memory", "PRAGMA no_such_pragma"}) {
            TestSupport.Result refused = db("query", nothing);
            assertThat(refused.exitCode()).as(nothing).isEqualTo(1);
            assertThat(refused.stderr()).as(nothing).isEqualTo("tapedeck: query refused: it returns no columns,"
                    + " so it is not a query; db query runs one statement that only reads\n");
        }
    }

    /** '-' is stdout for backup as for export -o: it wrote a file named '-' into the working folder. */
    @Test
    void backupToADashWritesTheCopyToStdout() throws Exception {
        TestSupport.Result backup = db("backup", "-");
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();
        assertThat(backup.stderr()).contains("to stdout").contains("backup written");
        assertThat(dir.resolve("-")).doesNotExist();
        Path copy = Files.write(dir.resolve("piped.db"), backup.stdout());
        assertThat(sqlite(copy, "PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(sqlite(copy, "SELECT session_id FROM process_sessions")).isEqualTo("s1");
        try (java.util.stream.Stream<Path> temporary = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temporary.map(p -> p.getFileName().toString()))
                    .as("the temporary copy is removed").noneMatch(name -> name.startsWith("tapedeck-backup-"));
        }
    }

    @Test
    void backupIsAConsistentCopyWhileARecorderWrites() throws Exception {
        Process recorder = new ProcessBuilder(TestSupport.javaBin(), "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--quiet", "--db", db.toString(), "--session-id", "busy", "--", "sh", "-c",
                "i=0; while [ $i -lt 200000 ]; do echo \"busy line $i\"; i=$((i + 1)); done")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(TestSupport.await(30, () -> {
                try {
                    return !sqlite(db, "SELECT count(*) FROM output_chunks WHERE session_id = 'busy'").equals("0");
                } catch (Exception e) {
                    return false;
                }
            })).isTrue();
            Path copy = dir.resolve("copy.db");
            TestSupport.Result backup = db("backup", copy.toString());
            assertThat(backup.exitCode()).as(backup.stderr()).isZero();
            assertThat(backup.stderr()).contains("backup written");
            assertThat(sqlite(copy, "PRAGMA integrity_check")).isEqualTo("ok");
            // Consistent: the session's totals equal the lines its chunks hold, as committed together.
            assertThat(sqlite(copy, "SELECT total_lines_processed FROM process_sessions WHERE session_id = 'busy'"))
                    .isEqualTo(sqlite(copy, "SELECT sum(line_count) FROM output_chunks WHERE session_id = 'busy'"));
            assertThat(db("backup", copy.toString()).exitCode()).isEqualTo(1);
        } finally {
            recorder.waitFor();
        }
        assertThat(recorder.exitValue()).isZero();
    }

    @Test
    void dumpWritesTheSessionsOrOneSessionWithItsRecording() throws Exception {
        TestSupport.Result all = db("dump");
        assertThat(all.out().lines().toList()).hasSize(1)
                .allSatisfy(l -> assertThat(JsonParser.parseString(l).getAsJsonObject().get("session_id")
                        .getAsString()).isEqualTo("s1"));
        List<String> one = db("dump", "--session", "s1").out().lines().toList();
        assertThat(JsonParser.parseString(one.get(0)).getAsJsonObject().get("agent_name").getAsString())
                .isEqualTo("demo");
        assertThat(one).filteredOn(l -> l.contains("\"kind\":\"line\"")).hasSize(501);
        assertThat(db("dump", "--session", "nope").exitCode()).isEqualTo(1);
    }

    @Test
    void resetAsksUnlessForcedAndThenEmptiesTheDatabase() throws Exception {
        TestSupport.Result refused = db("reset");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("give --force");
        assertThat(sqlite(db, "SELECT count(*) FROM process_sessions")).isEqualTo("1");

        TestSupport.Result reset = db("reset", "--force");
        assertThat(reset.exitCode()).as(reset.stderr()).isZero();
        assertThat(sqlite(db, "SELECT (SELECT count(*) FROM process_sessions) + (SELECT count(*) FROM output_chunks)"
                + " + (SELECT count(*) FROM extraction_events) + (SELECT count(*) FROM metric_counters)"))
                .isEqualTo("0");
        assertThat(db("check").exitCode()).isZero();
        TestSupport.Result again = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--session-id", "s1", "--", "echo", "fresh");
        assertThat(again.exitCode()).isZero();
        assertThat(db("vacuum").exitCode()).isZero();
        assertThat(sqlite(db, "SELECT total_lines_processed FROM process_sessions")).isEqualTo("1");
    }
}
