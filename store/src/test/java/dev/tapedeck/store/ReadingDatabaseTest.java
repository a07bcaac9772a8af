package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.T0;
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
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Database#openForReading} on real files: nothing written, older schemas, sealed files. */
class ReadingDatabaseTest {
    @TempDir
    Path dir;

    private Path recorded() {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            createSession(db, "20261101-100000-3a418c", "claude", T0);
        }
        return file;
    }

    @Test
    void readsWithoutWritingAndLeavesOnlyTheFileBehind() throws Exception {
        Path file = recorded();
        byte[] before = Files.readAllBytes(file);
        try (Database db = Database.openForReading(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
            assertThat(db.sessions().get("20261101-100000-3a418c").agentName()).isEqualTo("claude");
            assertThatThrownBy(db::writes).isInstanceOf(IllegalStateException.class)
                    .hasMessage("database " + file.toAbsolutePath() + " was opened for reading: it takes no writes");
            db.flush();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(file.resolveSibling("t.db-wal")).doesNotExist();
        assertThat(file.resolveSibling("t.db-shm")).doesNotExist();
    }

    @Test
    void seesWhatAnotherConnectionCommitsAfterItOpened() {
        Path file = recorded();
        try (Database reading = Database.openForReading(file); Database writing = Database.open(file)) {
            assertThat(reading.sessions().find("s-2")).isEmpty();
            createSession(writing, "s-2", "codex", T0.plusSeconds(1));
            assertThat(reading.sessions().find("s-2")).isPresent();
        }
    }

    @Test
    void opensWhileAnotherProcessHoldsTheWriteLockWithoutWaiting() throws Exception {
        Path file = recorded();
        // A short busy timeout: were the open to want the write lock, it would fail, not wait 10 s.
        StoreConfig impatient = new StoreConfig(500, Duration.ofMillis(200), 1000, 1 << 20, Duration.ofMillis(100),
                2, 2L << 20);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            lock.execute("INSERT INTO search_progress (source, indexed_through) VALUES ('held', 1)");
            try (Database db = Database.openForReading(file, impatient)) {
                assertThat(db.sessions().find("20261101-100000-3a418c")).isPresent();
            }
            lock.execute("ROLLBACK");
        }
    }

    @Test
    void neverCreatesTheFile() {
        Path file = dir.resolve("typo.db");
        assertThatThrownBy(() -> Database.openForReading(file)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("open database " + file.toAbsolutePath() + " failed: ");
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesADatabaseWrittenByANewerTapedeckAndLeavesIt() throws Exception {
        Path file = recorded();
        int newer = Database.latestSchemaVersion() + 1;
        TestSupport.execute(file, "PRAGMA user_version = " + newer);
        assertThatThrownBy(() -> Database.openForReading(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version " + newer + ", written by a newer tapedeck");
        assertThat(pragma(file, "user_version")).isEqualTo(Integer.toString(newer));
    }

    @Test
    void migratesAnOlderSchemaFirstAndKeepsTheData() {
        Path file = recorded();
        TestSupport.downgradeToVersion5(file);
        try (Database db = Database.openForReading(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
            assertThat(db.sessions().get("20261101-100000-3a418c").agentName()).isEqualTo("claude");
            assertThat(db.sessions().lookup("3a418c")).isInstanceOf(SessionLookup.Found.class);
        }
        assertThat(pragma(file, "user_version")).isEqualTo(Integer.toString(Database.latestSchemaVersion()));
        assertThat(TestSupport.count(file,
                "SELECT count(*) FROM sqlite_master WHERE name = 'idx_sessions_random_part'"))
                .isEqualTo(1);
    }

    /** Root ignores file modes; an immutable file and folder (chattr +i) stop everyone. */
    @Test
    void readsADatabaseWhoseFileAndFolderCannotBeWritten() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("sealed"));
        Path file = folder.resolve("t.db");
        try (Database db = Database.open(file)) {
            createSession(db, "s-1", "claude", T0);
        }
        seal(folder, file);
        try {
            try (Database db = Database.openForReading(file)) {
                assertThat(db.sessions().get("s-1").agentName()).isEqualTo("claude");
            }
            assertThat(Files.list(folder).map(p -> p.getFileName().toString()).toList()).containsExactly("t.db");
        } finally {
            unseal(folder, file);
        }
    }

    @Test
    void anOlderSchemaThatCannotBeWrittenIsRefusedNamingBothVersions() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("sealed"));
        Path file = folder.resolve("t.db");
        Database.open(file).close();
        TestSupport.downgradeToVersion5(file);
        seal(folder, file);
        try {
            assertThatThrownBy(() -> Database.openForReading(file)).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("database " + file.toAbsolutePath() + " has schema version 5, older than"
                            + " this tapedeck's " + Database.latestSchemaVersion() + ", and migrating it failed: ");
        } finally {
            unseal(folder, file);
        }
        assertThat(pragma(file, "user_version")).isEqualTo("5");
    }

    private static void seal(Path... paths) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        for (Path p : paths) {
            List<String> command = root ? List.of("chattr", "+i", p.toString()) : List.of("chmod", "a-w", p.toString());
            int exit = new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
            Assumptions.assumeTrue(exit == 0, String.join(" ", command) + " works here");
        }
    }

    private static void unseal(Path... paths) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        for (Path p : paths) {
            new ProcessBuilder(root ? List.of("chattr", "-i", p.toString()) : List.of("chmod", "u+w", p.toString()))
                    .redirectErrorStream(true).start().waitFor();
        }
    }
}
