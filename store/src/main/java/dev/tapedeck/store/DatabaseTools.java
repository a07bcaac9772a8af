package dev.tapedeck.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * What {@code tapedeck db} does to a database file: check it, count what it holds, vacuum it, back
 * it up while writers run, run a read-only query, reset it. Each call opens the connection it needs
 * and closes it.
 */
public final class DatabaseTools {
    /** Every table that holds recorded data, children before parents, for reset. */
    private static final List<String> DATA_TABLES = List.of("code_block_occurrences", "code_blocks",
            "extraction_events", "extraction_minutes", "extraction_hours", "process_state_changes", "output_chunks",
            "process_sessions", "metric_counters", "metric_agents");
    private static final String[] STATS = {
        "sessions", "SELECT count(*) FROM process_sessions",
        "running sessions", "SELECT count(*) FROM process_sessions WHERE status = 'running'",
        "agents", "SELECT count(DISTINCT agent_name) FROM process_sessions",
        "lines", "SELECT coalesce(sum(line_count), 0) FROM output_chunks",
        "dropped lines", "SELECT coalesce(sum(dropped_lines), 0) FROM process_sessions",
        "sessions with dropped lines", "SELECT count(*) FROM process_sessions WHERE dropped_lines > 0",
        "output chunks", "SELECT count(*) FROM output_chunks",
        "extraction events", "SELECT count(*) FROM extraction_events",
        "code blocks", "SELECT count(*) FROM code_blocks",
        "code block sightings", "SELECT count(*) FROM code_block_occurrences",
        "state changes", "SELECT count(*) FROM process_state_changes"};

    /** The outcome of {@link #check}. */
    public record Check(List<String> problems, int schemaVersion, long fileBytes, long walBytes, long usedBytes) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Connector connector;
    private final Path file;

    private DatabaseTools(Path file) {
        this.file = file.toAbsolutePath();
        this.connector = Connector.file(this.file, StoreConfig.DEFAULTS);
    }

    /** Tools for an existing database file; a missing one is an error, not a new database. */
    public static DatabaseTools of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no database at " + file);
        }
        return new DatabaseTools(file);
    }

    /** SQLite's integrity check and the full-text indexes' own check, with the sizes. */
    public Check check() {
        try (Connection c = connector.openReader(); Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    if (!"ok".equals(rs.getString(1))) {
                        problems.add(rs.getString(1));
                    }
                }
            }
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > Migrations.latestVersion()) {
                problems.add("schema version " + version + " is newer than this tapedeck knows ("
                        + Migrations.latestVersion() + ")");
            }
            DiskUse disk = DiskUse.of(file);
            return new Check(List.copyOf(problems), version, disk.mainBytes(), disk.walBytes(),
                    DiskUse.usedBytes(c));
        } catch (SQLException e) {
            throw new StoreException("check " + file + " failed: " + SqlMessages.of(e), e);
        }
    }

    /** What the database holds, by name, in a fixed order. */
    public Map<String, Long> stats() {
        try (Connection c = connector.openReader(); Statement s = c.createStatement()) {
            Map<String, Long> stats = new LinkedHashMap<>();
            for (int i = 0; i < STATS.length; i += 2) {
                try (ResultSet rs = s.executeQuery(STATS[i + 1])) {
                    stats.put(STATS[i], rs.next() ? rs.getLong(1) : 0);
                }
            }
            DiskUse disk = DiskUse.of(file);
            stats.put("file bytes", disk.mainBytes());
            stats.put("wal bytes", disk.walBytes());
            stats.put("used bytes", DiskUse.usedBytes(c));
            return stats;
        } catch (SQLException e) {
            throw new StoreException("read statistics of " + file + " failed: " + SqlMessages.of(e), e);
        }
    }

    /** Rewrites the file without its free pages; it waits for and then holds the write lock. */
    public void vacuum() {
        try (Connection c = connector.openWriter(); Statement s = c.createStatement()) {
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new StoreException("vacuum " + file + " failed: " + SqlMessages.of(e), e);
        }
    }

    /**
     * Writes a consistent copy of the database to target (which must not exist) with
     * {@code VACUUM INTO}: a read transaction, so writers go on while it runs.
     */
    public void backupTo(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new StoreException("backup target " + absolute + " already exists");
        }
        try (Connection c = connector.openReader(); PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, absolute.toString());
            ps.execute();
        } catch (SQLException e) {
            throw new StoreException("back up " + file + " to " + absolute + " failed: " + SqlMessages.of(e), e);
        }
    }

    /**
     * Runs one SQL statement that only reads ({@link ReadOnlyStatement} refuses anything else before
     * it runs) on a connection opened read-only, with {@code query_only} on and no room to attach
     * another database. Calls header once with the column names, then row for each row. SQLite's
     * progress handler stops the statement once it has run for longer than limit; returns false
     * then (the rows already given stay given), true when it ran to its end.
     */
    public boolean query(String sql, Duration limit, Consumer<List<String>> header, Consumer<List<Object>> row) {
        try (Connection c = connector.openReader()) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = ON");
            }
            c.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
            QueryDeadline deadline = new QueryDeadline(limit);
            ProgressHandler.setHandler(c, QueryDeadline.STEPS, deadline);
            try (PreparedStatement s = ReadOnlyStatement.prepare(c, sql); ResultSet rs = s.executeQuery()) {
                List<String> names = columnNames(rs.getMetaData());
                header.accept(names);
                while (rs.next()) {
                    List<Object> values = new ArrayList<>(names.size());
                    for (int i = 1; i <= names.size(); i++) {
                        Object value = rs.getObject(i);
                        values.add(value instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : value);
                    }
                    row.accept(values);
                }
                return true;
            } catch (SQLException e) {
                if (deadline.passed()) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("query failed: " + SqlMessages.of(e), e);
        }
    }

    private static List<String> columnNames(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return names;
    }

    /** Deletes everything recorded (the schema stays), then vacuums. */
    public void reset() {
        try (Connection c = connector.openWriter()) {
            Migrations.migrate(c, file.toString());
            Transactions.immediate(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO output_search (output_search) VALUES ('delete-all')");
                    s.executeUpdate("INSERT INTO extraction_search (extraction_search) VALUES ('delete-all')");
                    for (String table : DATA_TABLES) {
                        s.executeUpdate("DELETE FROM " + table);
                    }
                    s.executeUpdate("UPDATE search_progress SET indexed_through = 0");
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reset " + file + " failed: " + SqlMessages.of(e), e);
        }
        vacuum();
    }
}
