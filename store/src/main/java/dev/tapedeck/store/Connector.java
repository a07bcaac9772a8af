package dev.tapedeck.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens connections to one database with its pragmas set and read back. A file database runs in WAL
 * mode, so readers never block the writer; an in-memory database (for benchmarks) is a named
 * shared-cache database whose readers read uncommitted, so they do not take table locks either.
 */
final class Connector {
    private static final AtomicLong MEMORY_DATABASES = new AtomicLong();
    static final int WAL_CHECKPOINT_PAGES = 4000;

    private final String url;
    private final String location;
    private final boolean memory;
    private final StoreConfig config;

    private Connector(String url, String location, boolean memory, StoreConfig config) {
        this.url = url;
        this.location = location;
        this.memory = memory;
        this.config = config;
    }

    static Connector file(Path file, StoreConfig config) {
        Path absolute = file.toAbsolutePath();
        // A folder is never made here: a mistyped path must not leave folders behind. The program
        // makes its own default data folder (the api module's DatabasePath).
        if (absolute.getParent() != null && !Files.isDirectory(absolute.getParent())) {
            throw new StoreException("database " + absolute + ": folder " + absolute.getParent()
                    + " does not exist");
        }
        return new Connector("jdbc:sqlite:" + absolute, absolute.toString(), false, config);
    }

    static Connector memory(StoreConfig config) {
        String name = "tapedeck-memory-" + MEMORY_DATABASES.incrementAndGet();
        return new Connector("jdbc:sqlite:file:" + name + "?mode=memory&cache=shared", ":memory:" + name, true, config);
    }

    String location() {
        return location;
    }

    /** The database file; null for an in-memory database. */
    Path file() {
        return memory ? null : Path.of(location);
    }

    /** The write connection: WAL (verified), synchronous NORMAL, foreign keys on, busy timeout, its cache size. */
    Connection openWriter() throws SQLException {
        SQLiteConfig sqlite = base();
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection connection = sqlite.createConnection(url);
        try {
            BusyHandler.setHandler(connection, new LockWait(config.busyTimeout().toMillis()));
            if (!memory) {
                switchToWal(connection);
                requirePragma(connection, "journal_mode", "wal");
            }
            requirePragma(connection, "foreign_keys", "1");
            try (Statement statement = connection.createStatement()) {
                // Checkpoint the WAL every 16 MiB instead of every 4 MiB: a checkpoint syncs the
                // file and the writer pays for it inside a commit. The gain is within this
                // machine's noise (docs/benchmarks.md); fewer syncs cost nothing.
                statement.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
                // A negative cache size is in KiB.
                statement.execute("PRAGMA cache_size = -" + Math.max(1, config.writerCache() >> 10));
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(connection, e);
            throw e;
        }
    }

    /**
     * Puts the database in WAL mode (a no-op for one that is already: the mode is kept in the file).
     * Switching a brand-new file needs its exclusive lock, and SQLite answers SQLITE_BUSY at once,
     * without calling the busy handler, when another connection holds a lock on it: two recorders
     * started together on a database that does not exist yet made one of them fail to open it
     * (and run its command unrecorded). So the switch is retried until the busy timeout.
     */
    private void switchToWal(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + config.busyTimeout().toNanos();
        while (true) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLiteException e) {
                if ((e.getResultCode().code & 0xff) != SQLiteErrorCode.SQLITE_BUSY.code || System.nanoTime() >= deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    /**
     * Fails when the database opened but cannot be written: SQLite opens an immutable or read-only
     * file (or one on a read-only mount) read-only without a word, and in WAL mode even
     * {@code BEGIN IMMEDIATE} succeeds on it; only a write to a page fails. So the probe writes the
     * user version as it is, in a transaction it rolls back: no file is changed. With the busy
     * handler off for the probe, a database whose write lock another connection holds answers
     * SQLITE_BUSY at once instead of waiting, and is taken as writable (another writer is at work).
     */
    void requireWritable(Connection writer) throws SQLException {
        if (memory) {
            return;
        }
        BusyHandler.clearHandler(writer);
        try (Statement statement = writer.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int version;
                try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                    version = rs.getInt(1);
                }
                statement.execute("PRAGMA user_version = " + version);
            } catch (SQLException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            statement.execute("ROLLBACK");
        } catch (SQLiteException e) {
            if ((e.getResultCode().code & 0xff) != SQLiteErrorCode.SQLITE_BUSY.code) {
                throw new StoreException("database " + location + " opens but cannot be written: "
                        + SqlMessages.of(e), e);
            }
        } finally {
            BusyHandler.setHandler(writer, new LockWait(config.busyTimeout().toMillis()));
        }
    }

    /** A read connection: it never writes, so it never waits for or blocks the writer. */
    Connection openReader() throws SQLException {
        SQLiteConfig sqlite = base();
        if (memory) {
            sqlite.setReadUncommitted(true);
        } else {
            sqlite.setReadOnly(true);
        }
        return sqlite.createConnection(url);
    }

    /**
     * A connection for a database opened for reading only ({@link Database#openForReading}): it never
     * creates the file, and {@code PRAGMA query_only} (read back) refuses every change. It is opened
     * read-write, not read-only, because the last connection to a WAL database removes the -wal and
     * -shm files when it closes, and a read-only one cannot: a reading command would leave them
     * behind. A file that cannot be written opens read-only, as it would for the writer.
     *
     * <p>A database whose file and folder both cannot be written, with no -wal beside it, cannot be
     * opened at all in WAL mode (SQLite can make no -shm). It is then opened immutable: SQLite takes
     * no locks and trusts that nobody changes the file, which holds because nobody can make the -wal
     * every writer of a WAL database needs (except a user allowed to write where this one is not).
     */
    Connection openQueryOnly() throws SQLException {
        SQLiteConfig sqlite = base();
        sqlite.resetOpenMode(SQLiteOpenMode.CREATE);
        try {
            return queryOnly(sqlite.createConnection(url));
        } catch (SQLiteException e) {
            if ((e.getResultCode().code & 0xff) != SQLiteErrorCode.SQLITE_CANTOPEN.code || !sealed()) {
                throw e;
            }
            SQLiteConfig immutable = base();
            immutable.setReadOnly(true);
            return queryOnly(immutable.createConnection("jdbc:sqlite:file:" + uriPath(location) + "?immutable=1"));
        }
    }

    /**
     * Sets query_only and reads it back; the read is also the first to touch the file, where SQLite
     * finds that it cannot open a WAL database (it opens files lazily).
     */
    private Connection queryOnly(Connection connection) throws SQLException {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA query_only = 1");
                statement.executeQuery("PRAGMA user_version").close();
            }
            requirePragma(connection, "query_only", "1");
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(connection, e);
            throw e;
        }
    }

    /** True when neither the file nor its folder can be written and no -wal is beside the file. */
    private boolean sealed() {
        Path file = file();
        return file != null && !Files.isWritable(file) && file.getParent() != null
                && !Files.isWritable(file.getParent()) && !Files.exists(Path.of(location + "-wal"));
    }

    /** The path as a SQLite URI's path: '%', '?' and '#' escaped, the rest as it is. */
    private static String uriPath(String path) {
        return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23");
    }

    private SQLiteConfig base() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
        // Nothing here reads generated keys (new ids come back through RETURNING). With this on, the
        // driver follows every INSERT it runs with a regex over the SQL and a freshly prepared
        // SELECT last_insert_rowid(): 11,000 code block sightings cost the writer 50 ms of that.
        sqlite.setGetGeneratedKeys(false);
        return sqlite;
    }

    private void requirePragma(Connection connection, String pragma, String expected) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
            String actual = rs.next() ? rs.getString(1) : null;
            if (!expected.equalsIgnoreCase(actual)) {
                throw new StoreException("database " + location + ": PRAGMA " + pragma + " must read '"
                        + expected + "', got '" + actual + "'");
            }
        }
    }

    private static void closeAfterFailure(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
