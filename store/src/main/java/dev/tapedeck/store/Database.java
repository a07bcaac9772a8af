package dev.tapedeck.store;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One tapedeck database: a SQLite file in WAL mode (or a shared in-memory database for benchmarks),
 * migrated to the current schema on open. Writes go through {@link #writes()}, whose one writer
 * thread owns the only write connection; reads ({@link #sessions()}, {@link #extractions()},
 * {@link #codeBlocks()}, {@link #output()}) use a small pool of read connections of their own.
 * Any number of processes may open the same file at once. A program that only reads opens it with
 * {@link #openForReading}: no writer, no write connection, nothing written.
 *
 * <p>{@link #close()} closes the read connections, then stops accepting writes, commits what is
 * queued and closes the write connection, which checkpoints the WAL into the file.
 */
public final class Database implements AutoCloseable {
    private final String location;
    private final int schemaVersion;
    private final WriteQueue writes;
    private final ReadPool reads;
    private final Sessions sessions;
    private final Extractions extractions;
    private final CodeBlocks codeBlocks;
    private final Output output;
    private final Activity activity;
    private final Overview overview;
    private final Search search;
    private final Counters counters;
    private final Connector connector;
    private final StoreConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** writes is null for a database opened for reading. */
    private Database(Connector connector, StoreConfig config, WriteQueue writes, ReadPool reads, int schemaVersion) {
        this.location = connector.location();
        this.schemaVersion = schemaVersion;
        this.reads = reads;
        this.writes = writes;
        this.sessions = new Sessions(reads);
        this.extractions = new Extractions(reads);
        this.codeBlocks = new CodeBlocks(reads);
        this.output = new Output(reads);
        this.activity = new Activity(reads);
        this.overview = new Overview(reads, activity);
        this.search = new Search(reads);
        this.counters = new Counters(reads, connector.file());
        this.connector = connector;
        this.config = config;
    }

    /** Opens (creating it if needed; its folder must exist) and migrates the database file. */
    public static Database open(Path file, StoreConfig config) {
        return open(Connector.file(file, config), config, false);
    }

    public static Database open(Path file) {
        return open(file, StoreConfig.DEFAULTS);
    }

    /**
     * Opens as {@link #open(Path, StoreConfig)} does, for a program that is going to write: a file
     * that opens but cannot be written (immutable, read-only, on a read-only mount) is refused now,
     * not at its first commit.
     */
    public static Database openWritable(Path file, StoreConfig config) {
        return open(Connector.file(file, config), config, true);
    }

    /**
     * Opens an existing database for a program that only reads it: no write connection, no writer
     * thread, and nothing written; {@link #writes()} refuses ({@link #openSearchIndexer} and
     * {@link #openRetention}, asked for explicitly, still open write connections of their own). A
     * database at the current schema version is only read; an older one is first migrated with a
     * write connection of its own, closed before this returns (so a database that cannot be written
     * must be at the current version); a newer one is refused. The file is never created. See
     * {@link Connector#openQueryOnly} for how a database that nobody can write is opened.
     */
    public static Database openForReading(Path file, StoreConfig config) {
        Connector connector = Connector.file(file, config);
        SqlConnection first;
        try {
            first = new SqlConnection(connector.openQueryOnly());
        } catch (SQLException e) {
            throw new StoreException("open database " + connector.location() + " failed: " + SqlMessages.of(e), e);
        }
        try {
            int version = Migrations.userVersion(first.jdbc());
            Migrations.requireKnownVersion(version, connector.location());
            if (version < Migrations.latestVersion()) {
                version = migrateForReading(connector, version);
            }
            ReadPool reads = new ReadPool(connector, config.readers(), connector::openQueryOnly);
            reads.adopt(first);
            return new Database(connector, config, null, reads, version);
        } catch (SQLException | RuntimeException e) {
            try {
                first.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("read database " + connector.location() + " failed: " + SqlMessages.of(e), e);
        }
    }

    public static Database openForReading(Path file) {
        return openForReading(file, StoreConfig.DEFAULTS);
    }

    private static int migrateForReading(Connector connector, int found) {
        try (SqlConnection writer = new SqlConnection(connector.openWriter())) {
            connector.requireWritable(writer.jdbc());
            return Migrations.migrate(writer.jdbc(), connector.location());
        } catch (SQLException | StoreException e) {
            String why = e instanceof SQLException sql ? SqlMessages.of(sql)
                    : e.getCause() instanceof SQLException sql ? SqlMessages.of(sql) : e.getMessage();
            throw new StoreException("database " + connector.location() + " has schema version " + found
                    + ", older than this tapedeck's " + Migrations.latestVersion() + ", and migrating it failed: "
                    + why, e);
        }
    }

    /**
     * Opens this database's file again as {@link #openWritable} does, as a database of its own that
     * the caller closes: for a program that opened it for reading and finds that it must write after
     * all (to end sessions whose recorder died).
     */
    public Database reopenWritable() {
        Path file = connector.file();
        if (file == null) {
            throw new IllegalStateException("database " + location + " is in memory: it cannot be opened again");
        }
        return openWritable(file, config);
    }

    /** A private in-memory database, gone when closed. */
    public static Database openInMemory(StoreConfig config) {
        return open(Connector.memory(config), config, false);
    }

    private static Database open(Connector connector, StoreConfig config, boolean mustWrite) {
        Connection connection;
        try {
            connection = connector.openWriter();
        } catch (SQLException e) {
            throw new StoreException("open database " + connector.location() + " failed: " + SqlMessages.of(e), e);
        }
        SqlConnection writer = new SqlConnection(connection);
        try {
            if (mustWrite) {
                connector.requireWritable(connection);
            }
            int version = Migrations.migrate(connection, connector.location());
            return new Database(connector, config, new WriteQueue(writer, config, connector.location()),
                    new ReadPool(connector, config.readers(), connector::openReader), version);
        } catch (SQLException | RuntimeException e) {
            try {
                writer.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("migrate database " + connector.location() + " failed: " + SqlMessages.of(e), e);
        }
    }

    /** The schema version this tapedeck writes: the highest migration it knows. */
    public static int latestSchemaVersion() {
        return Migrations.latestVersion();
    }

    /** The file path, or {@code :memory:NAME} for an in-memory database. */
    public String location() {
        return location;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** The way in for writes; refused (IllegalStateException) by a database opened for reading. */
    public WriteQueue writes() {
        requireWrites();
        return writes;
    }

    /** False for a database opened with {@link #openForReading}. */
    public boolean takesWrites() {
        return writes != null;
    }

    private void requireWrites() {
        if (writes == null) {
            throw new IllegalStateException("database " + location + " was opened for reading: it takes no writes");
        }
    }

    public Sessions sessions() {
        return sessions;
    }

    public Extractions extractions() {
        return extractions;
    }

    public CodeBlocks codeBlocks() {
        return codeBlocks;
    }

    public Output output() {
        return output;
    }

    /** The counters and gauges that metrics export. */
    public Counters counters() {
        return counters;
    }

    public Activity activity() {
        return activity;
    }

    /** Per agent over a time range: sessions, lines, errors, high-risk commands, tokens, cost. */
    public Overview overview() {
        return overview;
    }

    public Search search() {
        return search;
    }

    /**
     * Opens a search indexer on a write connection of its own; the caller owns it and calls it from
     * one thread.
     */
    public SearchIndexer openSearchIndexer() {
        try {
            return new SearchIndexer(new SqlConnection(connector.openWriter()), location);
        } catch (java.sql.SQLException e) {
            throw new StoreException("open search indexer on " + location + " failed: " + SqlMessages.of(e), e);
        }
    }

    /**
     * Opens a retention deleter on a write connection of its own; the caller owns it and calls it
     * from one thread.
     */
    public Retention openRetention() {
        try {
            return new Retention(new SqlConnection(connector.openWriter()), location);
        } catch (java.sql.SQLException e) {
            throw new StoreException("open a retention connection to " + location + " failed: " + SqlMessages.of(e), e);
        }
    }

    /** Waits until every write appended so far is committed. */
    public void flush() {
        if (writes != null) {
            writes.flush();
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // Readers first: the last connection to close checkpoints the WAL and removes it, and a
        // read-only connection cannot.
        reads.close();
        if (writes != null) {
            writes.close();
        }
    }

    /**
     * Closes, waiting at most writerTimeout for the writer to commit what is still queued; false
     * when it did not finish in time (see {@link WriteQueue#close(Duration)}).
     */
    public boolean close(Duration writerTimeout) {
        if (closed.getAndSet(true)) {
            return true;
        }
        reads.close();
        return writes == null || writes.close(writerTimeout);
    }
}
