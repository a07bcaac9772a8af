package dev.tapedeck.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Fixtures of the store tests. */
final class TestSupport {
    /** A fixed, microsecond-precise point in time, so that round trips compare exactly. */
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123456Z");

    private TestSupport() {
    }

    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    static Database open(Path dir) {
        return Database.open(dir.resolve("tapedeck.db"));
    }

    /** Creates the session and waits until it is stored. */
    static void createSession(Database db, String sessionId, String agent, Instant startedAt) {
        db.writes().append(NewSession.of(sessionId, agent, startedAt));
        db.flush();
    }

    static OutputLine line(String sessionId, long number, String text) {
        return OutputLine.of(sessionId, number, Stream.STDOUT, at(number), text);
    }

    /** Runs a query on a connection of its own, as another program would. */
    static long count(Path file, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** Runs one statement on a connection of its own, as another program would. */
    static void execute(Path file, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** What EXPLAIN QUERY PLAN says of sql, one step a line. */
    static String queryPlan(Path file, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
            return plan.toString();
        } catch (SQLException e) {
            throw new IllegalStateException("EXPLAIN QUERY PLAN " + sql + " failed", e);
        }
    }

    /**
     * Makes a database of the current schema (6) one of schema 5, as a tapedeck before it left it:
     * version 6 only added the index on the random part of session ids.
     */
    static void downgradeToVersion5(Path file) {
        execute(file, "DROP INDEX idx_sessions_random_part");
        execute(file, "PRAGMA user_version = 5");
    }

    static String pragma(Path file, String pragma) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PRAGMA " + pragma + " failed", e);
        }
    }

    /** Waits for condition, polling, until deadline; true if it held in time. */
    static boolean await(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            Thread.sleep(0, 100_000);
        }
        return condition.getAsBoolean();
    }
}
