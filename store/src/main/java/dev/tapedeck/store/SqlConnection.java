package dev.tapedeck.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection with its prepared statements cached by SQL text. Preparing costs more than running
 * the small statements tapedeck uses, so statements live as long as the connection; callers close
 * their result sets, not the statements. Used by one thread at a time.
 */
final class SqlConnection implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqlConnection(Connection connection) {
        this.connection = connection;
    }

    Connection jdbc() {
        return connection;
    }

    /**
     * The cached statement for sql. Every parameter is bound before each use, so they are not
     * cleared here (clearing is a native call per use; a batch needs its rows kept).
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /**
     * Closes, for an owner whose every transaction was committed or rolled back: a failure to close
     * then loses nothing, and there is nothing the owner could do about it.
     */
    void closeQuietly() {
        try {
            close();
        } catch (SQLException e) {
            // Nothing was pending; the connection is gone either way.
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            if (first == null) {
                throw e;
            }
            first.addSuppressed(e);
        }
        if (first != null) {
            throw first;
        }
    }
}
