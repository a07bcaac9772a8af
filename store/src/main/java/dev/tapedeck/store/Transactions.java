package dev.tapedeck.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one transaction helper. Connections stay in autocommit mode and transactions are opened with
 * an explicit {@code BEGIN IMMEDIATE}, so the write lock is taken up front (the busy timeout applies,
 * and no reader-to-writer upgrade can deadlock) and never held between transactions.
 */
final class Transactions {
    private Transactions() {
    }

    @FunctionalInterface
    interface SqlBody {
        void run() throws SQLException;
    }

    /** Runs body in a write transaction: committed if it returns, rolled back if it throws. */
    static void immediate(Connection connection, SqlBody body) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
        try {
            body.run();
            execute(connection, "COMMIT");
        } catch (Throwable failure) {
            rollbackQuietly(connection, "ROLLBACK", failure);
            throw failure;
        }
    }

    /** Runs body inside a savepoint of the current transaction; on failure only body is undone. */
    static void savepoint(Connection connection, SqlBody body) throws SQLException {
        execute(connection, "SAVEPOINT write");
        try {
            body.run();
            execute(connection, "RELEASE write");
        } catch (Throwable failure) {
            rollbackQuietly(connection, "ROLLBACK TO write", failure);
            rollbackQuietly(connection, "RELEASE write", failure);
            throw failure;
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection connection, String sql, Throwable failure) {
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
