package dev.tapedeck.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Numbered SQL files on the classpath, applied in order, each in its own transaction, tracked by
 * {@code PRAGMA user_version}. Several processes may open a fresh database at once: the version is
 * read again inside the write transaction, so each migration runs exactly once.
 */
final class Migrations {
    private static final String FOLDER = "/dev/tapedeck/store/migrations/";
    /** In order; the position (from 1) is the schema version the file brings the database to. */
    private static final List<String> FILES = List.of("V001__schema.sql", "V002__queries.sql", "V003__metrics.sql", "V004__hours.sql",
            "V005__risk_index.sql", "V006__random_part_index.sql");

    private Migrations() {
    }

    static int latestVersion() {
        return FILES.size();
    }

    /**
     * Brings the database up to the latest version; returns the version it is at afterwards. A
     * database already at it is only read: no write lock is taken, so opening it neither waits for
     * nor holds up another process that is writing.
     */
    static int migrate(Connection connection, String location) throws SQLException {
        int found = userVersion(connection);
        requireKnownVersion(found, location);
        for (int version = found + 1; version <= FILES.size(); version++) {
            int target = version;
            String script = read(FILES.get(version - 1));
            Transactions.immediate(connection, () -> {
                int current = userVersion(connection);
                if (current < target) {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate(script);
                        statement.executeUpdate("PRAGMA user_version = " + target);
                    }
                }
            });
        }
        return userVersion(connection);
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void requireKnownVersion(int version, String location) {
        if (version > latestVersion()) {
            throw new StoreException("database " + location + " has schema version " + version
                    + ", written by a newer tapedeck; this tapedeck reads schema versions up to "
                    + latestVersion() + ": upgrade tapedeck or use another database");
        }
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new StoreException("migration " + FOLDER + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("read migration " + FOLDER + file + " failed", e);
        }
    }
}
