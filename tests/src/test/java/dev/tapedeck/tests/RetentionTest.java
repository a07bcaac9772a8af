package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SearchIndexer;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --retain-days} and {@code --max-db-bytes} delete what they must and nothing else. */
class RetentionTest {
    @TempDir
    Path dir;

    private static void put(Database db, dev.tapedeck.store.Write write) {
        assertThat(db.writes().append(write, Duration.ofSeconds(30))).isTrue();
    }

    private static void session(Database db, String id, Instant start, boolean end, int lines, String word,
                                String block) {
        put(db, NewSession.of(id, "agent-" + id.charAt(0), start));
        for (int n = 1; n <= lines; n++) {
            Instant at = start.plusMillis(n);
            put(db, OutputLine.of(id, n, Stream.STDOUT, at, word + " line " + n + " " + "x".repeat(100)));
            if (n % 20 == 0) {
                put(db, Extraction.of("agent-" + id.charAt(0), id, at, "error", "error-line", word + " " + n));
            }
        }
        put(db, new CodeBlock("agent-" + id.charAt(0), id, start, "sh", block, 1, 1, null, null, true));
        if (end) {
            put(db, new SessionEnd(id, SessionStatus.COMPLETED, 0, start.plusSeconds(60), 0, null));
        }
    }

    private static void indexEverything(Database db) {
        db.flush();
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            while (indexer.indexSome(1_000, 10_000) > 0) {
                // Until the indexes are up to date.
            }
        }
    }

    private String sql(Path db, String query) throws Exception {
        TestSupport.Result r = TestSupport.run(List.of("sqlite3", db.toString(), query), dir, Map.of(), null);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.out().strip();
    }

    @Test
    void retainDaysDeletesOldEndedSessionsWithEverythingTheyOwnAndKeepsTheRest() throws Exception {
        Path db = dir.resolve("t.db");
        Instant old = Instant.now().minus(Duration.ofDays(30));
        try (Database database = Database.open(db)) {
            session(database, "old-1", old, true, 3_000, "ancientword", "echo only-old");
            session(database, "old-2", old.plusSeconds(100), true, 1_000, "ancientword", "echo shared");
            session(database, "running-old", old, false, 100, "stillrunning", "echo running");
            session(database, "new-1", Instant.now().minus(Duration.ofDays(1)), true, 1_000, "freshword",
                    "echo shared");
            indexEverything(database);
        }
        String counters = sql(db, "SELECT group_concat(metric || agent_name || label || value) FROM metric_counters");
        try (Served served = Served.start(dir, db, "--retain-days", "7")) {
            assertThat(TestSupport.await(60, () -> served.get404("/api/query/session/old-1")
                    && served.get404("/api/query/session/old-2"))).isTrue();
            assertThat(served.get("/api/query/session/running-old").status()).isEqualTo(200);
            assertThat(served.get("/api/query/session/new-1").status()).isEqualTo(200);
            assertThat(served.get("/api/query/search?q=ancientword").json().get("total").getAsInt()).isZero();
            assertThat(served.get("/api/query/search?q=freshword").json().get("total").getAsInt()).isPositive();
        }
        assertThat(sql(db, "SELECT count(*) FROM output_chunks WHERE session_id LIKE 'old-%'")).isEqualTo("0");
        assertThat(sql(db, "SELECT count(*) FROM extraction_events WHERE session_id LIKE 'old-%'")).isEqualTo("0");
        assertThat(sql(db, "SELECT group_concat(content, '|') FROM (SELECT content FROM code_blocks ORDER BY content)"))
                .isEqualTo("echo running|echo shared");
        // The rollups still add up to the events that are left; the full-text indexes are consistent.
        String events = sql(db, "SELECT count(*) FROM extraction_events");
        assertThat(sql(db, "SELECT sum(count) FROM extraction_minutes")).isEqualTo(events);
        assertThat(sql(db, "SELECT sum(count) FROM extraction_hours")).isEqualTo(events);
        sql(db, "INSERT INTO output_search (output_search) VALUES ('integrity-check');"
                + " INSERT INTO extraction_search (extraction_search) VALUES ('integrity-check')");
        assertThat(sql(db, "PRAGMA integrity_check")).isEqualTo("ok");
        // Counters count what happened, not what is kept.
        assertThat(sql(db, "SELECT group_concat(metric || agent_name || label || value) FROM metric_counters"))
                .isEqualTo(counters);
    }

    @Test
    void maxDbBytesDeletesTheOldestEndedSessionsUntilTheDatabaseFits() throws Exception {
        Path db = dir.resolve("t.db");
        Instant start = Instant.now().minus(Duration.ofHours(10));
        try (Database database = Database.open(db)) {
            for (int i = 0; i < 6; i++) {
                session(database, "s" + i, start.plus(Duration.ofHours(i)), true, 8_000, "word" + i, "echo " + i);
            }
            indexEverything(database);
        }
        String usedBytes = "SELECT (p.page_count - f.freelist_count) * s.page_size"
                + " FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s";
        long before = Long.parseLong(sql(db, usedBytes));
        long limit = before / 2;
        assertThat(limit).isGreaterThan(1_048_576);
        try (Served served = Served.start(dir, db, "--max-db-bytes", Long.toString(limit))) {
            assertThat(TestSupport.await(60, () -> served.get404("/api/query/session/s0")
                    && served.bodyOf("/api/health").contains("ok"))).isTrue();
            assertThat(TestSupport.await(60, () -> {
                try {
                    return Long.parseLong(sql(db, usedBytes)) <= limit;
                } catch (Exception e) {
                    return false;
                }
            })).isTrue();
            assertThat(served.get("/api/query/session/s5").status()).isEqualTo(200);
        }
        List<String> left = List.of(sql(db, "SELECT group_concat(session_id) FROM process_sessions").split(","));
        assertThat(left).contains("s5").doesNotContain("s0").hasSizeBetween(2, 4);
        assertThat(sql(db, "PRAGMA integrity_check")).isEqualTo("ok");

        TestSupport.Result bad = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db", db.toString(),
                "--max-db-bytes", "1000");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).isEqualTo("tapedeck: --max-db-bytes must be at least 1048576 (1 MiB), got 1000\n");
    }
}
