package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.T0;
import static dev.tapedeck.store.TestSupport.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersTest {
    @TempDir
    Path dir;

    /** Counters as "metric agent label risk" to value, for exact comparison. */
    private static Map<String, Long> snapshot(Database db) {
        Map<String, Long> map = new TreeMap<>();
        for (Counters.Counter c : db.counters().listCounters()) {
            map.put(c.metric().wireName() + " " + c.agentName() + " " + c.label() + " " + c.riskLevel(), c.value());
        }
        return map;
    }

    private static void record(Database db, String session, String agent) {
        db.writes().append(NewSession.of(session, agent, T0));
        db.writes().append(OutputLine.of(session, 1, Stream.STDOUT, at(1), "hello"));
        db.writes().append(OutputLine.of(session, 2, Stream.STDERR, at(2), "Error: boom"));
        db.writes().append(OutputLine.of(session, 3, Stream.STDOUT, at(3), "rm -rf /"));
        db.writes().append(Extraction.of(agent, session, at(2), "error", "error-line", "boom"));
        db.writes().append(Extraction.of(agent, session, at(3), "shell_command", "shell", "rm -rf /")
                .withRisk(RiskLevel.HIGH, false));
        db.writes().append(new CodeBlock(agent, session, at(3), "sh", "echo hi", 4, 4, null, null, true));
        db.writes().append(new SessionEnd(session, SessionStatus.FAILED, 1, at(4), 2, null));
        db.flush();
    }

    @Test
    void triggersCountWhatTheWriterStoresPerAgent() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            record(db, "s-1", "claude");
            record(db, "s-2", "claude");
            record(db, "s-3", "codex");
            Map<String, Long> counters = snapshot(db);
            assertThat(counters).containsEntry("lines claude stdout ", 4L).containsEntry("lines claude stderr ", 2L)
                    .containsEntry("output_bytes claude  ", 2L * ("hello\nError: boom\nrm -rf /\n").length())
                    .containsEntry("extractions claude error ", 2L)
                    .containsEntry("extractions claude shell_command high", 2L)
                    .containsEntry("code_blocks claude  ", 2L)
                    .containsEntry("duplicate_code_blocks claude  ", 1L)
                    .containsEntry("duplicate_code_blocks codex  ", 1L)
                    .containsEntry("sessions_ended claude failed ", 2L)
                    .containsEntry("dropped_lines claude  ", 4L)
                    .containsEntry("lines codex stdout ", 2L);
            assertThat(db.counters().listCounters()).filteredOn(c -> c.agentName().equals("codex"))
                    .extracting(Counters.Counter::agentRank).containsOnly(2L);
        }
    }

    @Test
    void linesDroppedWhileASessionRunsCountBeforeItEndsAndItsEndAddsTheRest() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.writes().append(NewSession.of("s-1", "claude", T0));
            db.writes().append(new DroppedLines("s-1", 5));
            db.writes().append(new DroppedLines("s-1", 2));
            db.flush();
            assertThat(db.sessions().get("s-1").totals().droppedLines()).isEqualTo(7);
            assertThat(snapshot(db)).containsEntry("dropped_lines claude  ", 7L);

            db.writes().append(new SessionEnd("s-1", SessionStatus.COMPLETED, 0, at(4), 3, null));
            db.writes().append(new DroppedLines("nobody", 1));
            db.flush();
            assertThat(db.sessions().get("s-1").totals().droppedLines()).isEqualTo(10);
            assertThat(snapshot(db)).containsEntry("dropped_lines claude  ", 10L);
            assertThat(db.writes().stats().failed()).as("no such session").isEqualTo(1);
        }
    }

    @Test
    void deletingSessionsAndTheirRollupLeavesTheCountersAsTheyWere() throws Exception {
        Path file = dir.resolve("t.db");
        Map<String, Long> before;
        try (Database db = Database.open(file)) {
            record(db, "s-1", "claude");
            record(db, "s-2", "claude");
            before = snapshot(db);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.executeUpdate("UPDATE extraction_minutes SET count = count - 1");
            s.executeUpdate("DELETE FROM extraction_minutes WHERE count = 0");
            s.executeUpdate("DELETE FROM code_block_occurrences");
            s.executeUpdate("DELETE FROM process_sessions");
        }
        // The hourly rollup follows the minutes down; the counters do not.
        assertThat(TestSupport.count(file, "SELECT sum(count) FROM extraction_hours"))
                .isEqualTo(TestSupport.count(file, "SELECT sum(count) FROM extraction_minutes")).isEqualTo(2);
        try (Database db = Database.open(file)) {
            assertThat(db.sessions().find("s-1")).isEmpty();
            assertThat(snapshot(db)).isEqualTo(before);
        }
    }

    @Test
    void activeSessionsAreCountedPerAgent() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.writes().append(NewSession.of("a", "claude", T0));
            db.writes().append(NewSession.of("b", "claude", T0));
            db.writes().append(NewSession.of("c", "codex", T0));
            db.writes().append(new SessionEnd("c", SessionStatus.COMPLETED, 0, at(1), 0, null));
            db.flush();
            assertThat(db.counters().listActive()).containsExactly(new Counters.Active("claude", 1, 2));
            assertThat(db.counters().diskUse().mainBytes()).isPositive();
        }
    }

    /** A database written before schema v3 starts with counters equal to what it holds. */
    @Test
    void theMigrationFillsTheCountersFromExistingRows() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.executeUpdate(migration("V001__schema.sql"));
            s.executeUpdate(migration("V002__queries.sql"));
            s.executeUpdate("PRAGMA user_version = 2");
            s.executeUpdate("""
                    INSERT INTO process_sessions (session_id, agent_name, status, started_at, stdout_lines,
                        stderr_lines, output_bytes, dropped_lines)
                    VALUES ('old-1', 'aider', 'completed', 1, 10, 3, 500, 1),
                           ('old-2', 'aider', 'running', 2, 5, 0, 50, 0)""");
            s.executeUpdate("""
                    INSERT INTO extraction_minutes (minute, agent_name, event_type, pattern, risk_level, count)
                    VALUES (1, 'aider', 'error', 'e', '', 7), (2, 'aider', 'error', 'e2', '', 1)""");
        }
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
            assertThat(snapshot(db)).containsEntry("lines aider stdout ", 15L).containsEntry("lines aider stderr ", 3L)
                    .containsEntry("output_bytes aider  ", 550L).containsEntry("dropped_lines aider  ", 1L)
                    .containsEntry("sessions_ended aider completed ", 1L)
                    .containsEntry("extractions aider error ", 8L);
            db.writes().append(OutputLine.of("old-2", 6, Stream.STDOUT, at(6), "more"));
            db.flush();
            assertThat(snapshot(db)).containsEntry("lines aider stdout ", 16L);
        }
    }

    private static String migration(String name) throws Exception {
        try (InputStream in = Counters.class.getResourceAsStream("/dev/tapedeck/store/migrations/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void countersOfAnUnusedDatabaseAreEmpty() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertThat(db.counters().listCounters()).isEqualTo(List.of());
        }
    }
}
