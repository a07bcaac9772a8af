package dev.tapedeck.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What a database takes on disk: its main file and its write-ahead log, in bytes. */
public record DiskUse(long mainBytes, long walBytes) {
    private static final String USED_BYTES = """
            SELECT (p.page_count - f.freelist_count) * s.page_size
            FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s""";

    /** The sizes of file and its WAL now; 0 for what is missing (no WAL yet, an in-memory database). */
    static DiskUse of(Path file) {
        if (file == null) {
            return new DiskUse(0, 0);
        }
        return new DiskUse(sizeOf(file), sizeOf(file.resolveSibling(file.getFileName() + "-wal")));
    }

    /**
     * The bytes the database's pages in use hold: the main file less its free pages, which SQLite
     * reuses but does not give back without a vacuum.
     */
    static long usedBytes(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(USED_BYTES)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            // Gone or never created: nothing on disk.
            return 0;
        }
    }
}
