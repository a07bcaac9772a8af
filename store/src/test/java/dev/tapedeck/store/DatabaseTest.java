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
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void refusesAFolderThatDoesNotExistAndMakesNone() {
        Path file = dir.resolve("a/b/c/tapedeck.db");
        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StoreException.class)
                .hasMessage("database " + file.toAbsolutePath() + ": folder " + file.toAbsolutePath().getParent()
                        + " does not exist");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void opensInWalModeWithForeignKeys() {
        Path file = dir.resolve("tapedeck.db");
        try (Database db = Database.open(file)) {
            assertThat(db.location()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
        }
        assertThat(Files.isRegularFile(file)).isTrue();
        assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
    }

    @Test
    void theWriteConnectionHasTheConfiguredCacheAndCheckpointInterval() throws Exception {
        Path file = dir.resolve("t.db");
        for (long cache : new long[] {StoreConfig.DEFAULTS.writerCache(), 32L << 20}) {
            try (Connection writer = Connector.file(file, StoreConfig.DEFAULTS.withWriterCache(cache)).openWriter();
                 Statement statement = writer.createStatement()) {
                assertThat(statement.executeQuery("PRAGMA cache_size").getLong(1)).isEqualTo(-(cache >> 10));
                assertThat(statement.executeQuery("PRAGMA wal_autocheckpoint").getLong(1)).isEqualTo(4000);
                assertThat(statement.executeQuery("PRAGMA synchronous").getLong(1)).as("NORMAL").isEqualTo(1);
            }
        }
    }

    @Test
    void migratesAFreshFileToTheLatestVersionWithEveryTable() {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
        }
        assertThat(pragma(file, "user_version")).isEqualTo("6");
        for (String table : new String[] {"process_sessions", "process_state_changes", "extraction_events",
                "code_blocks", "code_block_occurrences", "output_chunks", "extraction_minutes", "output_search",
                "extraction_search", "search_progress", "metric_counters", "metric_agents", "extraction_hours"}) {
            assertThat(count(file, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                    + table + "'")).as(table).isEqualTo(1);
        }
        // v5: the risk index holds only events with a risk.
        assertThat(count(file, "SELECT count(*) FROM sqlite_master WHERE name = 'idx_extractions_risk_time'"
                + " AND sql LIKE '%WHERE risk_level IS NOT NULL'")).isEqualTo(1);
        // v6: the random part of session ids is indexed.
        assertThat(count(file, "SELECT count(*) FROM sqlite_master WHERE name = 'idx_sessions_random_part'"))
                .isEqualTo(1);
    }

    @Test
    void reopeningKeepsTheDataAndDoesNotMigrateAgain() {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            createSession(db, "s-1", "claude", T0);
        }
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
            assertThat(db.sessions().get("s-1").agentName()).isEqualTo("claude");
        }
        assertThat(count(file, "SELECT count(*) FROM process_sessions")).isEqualTo(1);
    }

    @Test
    void aDatabaseAtTheCurrentVersionOpensWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        Path file = dir.resolve("t.db");
        Database.open(file).close();
        // A short busy timeout: were the open to want the write lock, it would fail, not wait 10 s.
        StoreConfig impatient = new StoreConfig(500, Duration.ofMillis(200), 1000, 1 << 20, Duration.ofMillis(100),
                2, 2L << 20);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            lock.execute("INSERT INTO search_progress (source, indexed_through) VALUES ('held', 1)");
            try (Database db = Database.open(file, impatient)) {
                assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
                assertThat(db.sessions().find("s-1")).isEmpty();
            }
            lock.execute("ROLLBACK");
        }
    }

    @Test
    void refusesADatabaseWrittenByANewerTapedeckNamingBothVersions() throws Exception {
        Path file = dir.resolve("t.db");
        Database.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 7")
                .hasMessageContaining("newer tapedeck")
                .hasMessageContaining("up to " + Database.latestSchemaVersion());
        assertThat(pragma(file, "user_version")).isEqualTo("7");
    }

    @Test
    void refusesAFileThatIsNotADatabaseWithAClearMessage() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not a database, it is a text file with enough bytes in it to matter");
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void closeLeavesOnlyTheDatabaseFileBehind() {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            createSession(db, "s-1", "claude", T0);
            assertThat(db.sessions().find("s-1")).isPresent();
        }
        assertThat(file.resolveSibling("t.db-wal")).doesNotExist();
        assertThat(file.resolveSibling("t.db-shm")).doesNotExist();
        assertThat(count(file, "SELECT count(*) FROM process_sessions")).isEqualTo(1);
    }

    @Test
    void inMemoryDatabaseWritesAndReads() {
        try (Database db = Database.openInMemory(StoreConfig.DEFAULTS)) {
            createSession(db, "s-mem", "bench", T0);
            db.writes().append(TestSupport.line("s-mem", 1, "hello"));
            db.flush();
            assertThat(db.sessions().get("s-mem").totals().lines()).isEqualTo(1);
            assertThat(db.output().listLines("s-mem", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("hello");
        }
    }

    @Test
    void closeIsIdempotentAndRejectsLaterWrites() {
        Database db = TestSupport.open(dir);
        db.close();
        db.close();
        assertThat(db.writes().append(NewSession.of("s", "a", T0))).isFalse();
        assertThat(db.writes().stats().rejected()).isEqualTo(1);
        assertThatThrownBy(() -> db.sessions().find("s")).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void configErrorsNameTheFieldTheBoundAndTheValue() {
        assertThatThrownBy(() -> StoreConfig.DEFAULTS.withBatch(0, StoreConfig.DEFAULTS.batchAge()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be in [1, 100000], got 0");
    }
}
