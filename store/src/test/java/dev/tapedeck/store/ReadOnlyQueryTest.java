package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.T0;
import static dev.tapedeck.store.TestSupport.count;
import static dev.tapedeck.store.TestSupport.createSession;
import static dev.tapedeck.store.TestSupport.pragma;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db query}: nothing but one reading statement runs, and not for longer than its limit. */
class ReadOnlyQueryTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void record() {
        file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            createSession(db, "s1", "demo", T0);
        }
    }

    private List<List<Object>> rows(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        assertThat(DatabaseTools.of(file).query(sql, LIMIT, names -> { }, rows::add)).as(sql).isTrue();
        return rows;
    }

    private List<String> attacks() {
        return List.of("VACUUM INTO '" + dir.resolve("copy.db") + "'",
                "ATTACH '" + dir.resolve("attached.db") + "' AS a",
                "ATTACH 'file:" + dir.resolve("uri.db") + "?mode=rwc' AS a",
                "CREATE TEMP TABLE t(a)", "CREATE TEMP VIEW v AS SELECT 1",
                "INSERT INTO metric_counters VALUES ('lines', 'x', '', '', 1)",
                "UPDATE process_sessions SET status = 'failed'", "DELETE FROM process_sessions",
                "WITH x AS (SELECT 1) DELETE FROM process_sessions",
                "DELETE FROM process_sessions RETURNING session_id",
                "PRAGMA user_version=5", "PRAGMA journal_mode=delete", "PRAGMA wal_checkpoint(TRUNCATE)",
                "PRAGMA query_only=0", "PRAGMA writable_schema=ON", "PRAGMA optimize",
                "SELECT load_extension('" + dir.resolve("nothing.so") + "')",
                "BEGIN IMMEDIATE", "SAVEPOINT a", "DETACH temp", "ANALYZE", "VACUUM", "DROP TABLE output_chunks",
                "REPLACE INTO metric_counters VALUES ('lines', 'x', '', '', 1)", "REINDEX", "COMMIT",
                // The one table-valued pragma that writes (ANALYZE): its program shows only a virtual table.
                "SELECT * FROM pragma_optimize", "SELECT * FROM main.\"PRAGMA_Optimize\"(0x10002)",
                "WITH o AS (SELECT * FROM [pragma_optimize]) SELECT * FROM o", "SELECT * FROM 'pragma_optimize'");
    }

    @Test
    void refusesEveryStatementThatIsNotAPureReadBeforeItRuns() {
        DatabaseTools tools = DatabaseTools.of(file);
        for (String attack : attacks()) {
            assertThatThrownBy(() -> tools.query(attack, LIMIT, names -> { }, row -> { })).as(attack)
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("query refused: ");
        }
        assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();
        assertThat(Files.exists(dir.resolve("attached.db"))).isFalse();
        assertThat(Files.exists(dir.resolve("uri.db"))).isFalse();
        assertThat(count(file, "SELECT count(*) FROM process_sessions WHERE status = 'running'")).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM metric_counters WHERE agent_name = 'x'")).isZero();
        assertThat(pragma(file, "user_version")).isEqualTo(String.valueOf(Database.latestSchemaVersion()));
        assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
    }

    @Test
    void anExplainRunsNothingAndAPragmaBehindItIsStillRefused() {
        List<List<Object>> listing = rows("EXPLAIN VACUUM INTO '" + dir.resolve("copy.db") + "'");
        assertThat(listing).extracting(row -> row.get(1)).contains("Vacuum");
        assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();
        DatabaseTools tools = DatabaseTools.of(file);
        for (String attack : List.of("EXPLAIN PRAGMA query_only=0", "EXPLAIN QUERY PLAN PRAGMA cache_size(5)")) {
            assertThatThrownBy(() -> tools.query(attack, LIMIT, names -> { }, row -> { })).as(attack)
                    .hasMessageStartingWith("query refused: a PRAGMA with a value");
        }
    }

    @Test
    void theCompiledProgramAloneRefusesEachWriteWhateverItsFirstWord() throws Exception {
        // The check on the program, without the check on the first word in front of it.
        try (Connection c = Connector.file(file, StoreConfig.DEFAULTS).openReader()) {
            for (String attack : attacks()) {
                if (attack.startsWith("PRAGMA query_only") || attack.startsWith("PRAGMA writable_schema")) {
                    continue; // connection flags compiled to no opcode: refused as PRAGMAs with a value
                }
                assertThatThrownBy(() -> ReadOnlyStatement.requireReadingProgram(c, attack)).as(attack)
                        .isInstanceOf(StoreException.class).hasMessageStartingWith("query refused: it ");
            }
        }
        assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();
    }

    @Test
    void refusesMoreThanOneStatementButNotATrailingSemicolonOrComment() {
        DatabaseTools tools = DatabaseTools.of(file);
        for (String two : List.of("SELECT 1; SELECT 2", "SELECT 1; DROP TABLE output_chunks",
                "SELECT 1 /* ; */; VACUUM INTO 'x.db'", "SELECT ';'; SELECT 2",
                // SQLite reads a parameter's TCL-style '(...)' whole, quotes included: "$a(')" is one
                // token, so the quote does not open a string that would hide the ';' after it.
                "SELECT $a(') ; VACUUM INTO 'x.db'", "SELECT @b::c(';) ; SELECT 2", "SELECT #d(\") ; SELECT 2")) {
            assertThatThrownBy(() -> tools.query(two, LIMIT, names -> { }, row -> { })).as(two)
                    .hasMessageStartingWith("query refused: it holds 2 statements");
        }
        assertThatThrownBy(() -> tools.query(" ; -- nothing", LIMIT, names -> { }, row -> { }))
                .hasMessageStartingWith("query refused: there is no statement");
        assertThat(rows("SELECT 1;")).containsExactly(List.of(1));
        assertThat(rows("SELECT 2 ; ; -- done\n")).containsExactly(List.of(2));
        assertThat(rows("/* a; */ SELECT ';' -- b;")).containsExactly(List.of(";"));
        assertThat(rows("SELECT $a(;), ':b;'")).containsExactly(java.util.Arrays.asList(null, ":b;"));
        assertThat(count(file, "SELECT count(*) FROM output_chunks")).isZero();
    }

    @Test
    void readsSelectWithValuesExplainAndPragmasWithoutAValue() {
        assertThat(rows("SELECT session_id FROM process_sessions")).containsExactly(List.of("s1"));
        assertThat(rows("WITH s AS (SELECT agent_name FROM process_sessions) SELECT * FROM s"))
                .containsExactly(List.of("demo"));
        assertThat(rows("VALUES (1, 'a')")).containsExactly(List.of(1, "a"));
        assertThat(rows("EXPLAIN QUERY PLAN SELECT * FROM process_sessions")).isNotEmpty();
        assertThat(rows("PRAGMA integrity_check")).containsExactly(List.of("ok"));
        assertThat(rows("PRAGMA main.journal_mode")).containsExactly(List.of("wal"));
        assertThat(rows("SELECT name FROM pragma_table_info('process_sessions') WHERE name = 'status'"))
                .containsExactly(List.of("status"));
        assertThat(rows("SELECT count(*) FROM output_search WHERE output_search MATCH 'x'"))
                .containsExactly(List.of(0));
    }

    @Test
    void aRunawayRecursiveQueryStopsAtItsTimeLimit() {
        List<List<Object>> rows = new ArrayList<>();
        long start = System.nanoTime();
        boolean finished = DatabaseTools.of(file).query(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                Duration.ofSeconds(1), names -> { }, rows::add);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(finished).isFalse();
        assertThat(rows).isEmpty();
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
}
