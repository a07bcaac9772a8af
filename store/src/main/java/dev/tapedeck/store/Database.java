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
 * Any number of processes may open the same file at once.
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
    private final Search search;
    private final Counters counters;
    private final Connector connector;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Connector connector, SqlConnection writer, int schemaVersion, StoreConfig config) {
        this.location = connector.location();
        this.schemaVersion = schemaVersion;
        this.reads = new ReadPool(connector, config.readers());
        this.writes = new WriteQueue(writer, config, location);
        this.sessions = new Sessions(reads);
        this.extractions = new Extractions(reads);
        this.codeBlocks = new CodeBlocks(reads);
        this.output = new Output(reads);
        this.activity = new Activity(reads);
        this.search = new Search(reads);
        this.counters = new Counters(reads, connector.file());
        this.connector = connector;
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
            return new Database(connector, writer, version, config);
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

    public WriteQueue writes() {
        return writes;
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
        writes.flush();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // Readers first: the last connection to close checkpoints the WAL and removes it, and a
        // read-only connection cannot.
        reads.close();
        writes.close();
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
        return writes.close(writerTimeout);
    }
}
